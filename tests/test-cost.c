/* SPDX-License-Identifier: MIT */
/*
 * Cost accounting: marks nest and each account gets its own time; off, marks record nothing
 * and do not read the clock; the kernel charges its handlers' time to "other"; waits for the
 * processor are taken off. The clocks are the test's, so every figure is exact.
 */
#include "sim-cost.h"
#include "sim-kernel.h"

static guint64 fake_now;
static guint64 fake_step; /* added after each reading */
static guint fake_reads;

static guint64 fake_clock(void)
{
    fake_reads++;
    guint64 t = fake_now;
    fake_now += fake_step;
    return t;
}

static void use_fake_clock(guint64 step)
{
    fake_now = 1000;
    fake_step = step;
    fake_reads = 0;
    sim_cost_set_clock(fake_clock);
}

static guint64 ticks_of(const char *name)
{
    int a = sim_cost_find(name);
    g_assert_cmpint(a, >=, 0);
    return sim_cost_ticks((guint) a);
}

static guint64 stretches_of(const char *name)
{
    int a = sim_cost_find(name);
    g_assert_cmpint(a, >=, 0);
    return sim_cost_stretches((guint) a);
}

static void test_off_records_nothing(void)
{
    use_fake_clock(1);
    for (int i = 0; i < 3; i++) {
        SIM_COST_ENTER(never_on);
        fake_now += 10;
        SIM_COST_LEAVE(never_on);
    }
    g_assert_cmpuint(fake_reads, ==, 0);
    g_assert_cmpint(sim_cost_find("never_on"), ==, -1);
}

/* other 5, a 10, b 7 inside a, a 3 more, other 2: each gets only its own. */
static void test_nesting_is_exclusive(void)
{
    use_fake_clock(0);
    sim_cost_start();
    fake_now += 5;
    SIM_COST_ENTER(outer_a);
    fake_now += 10;
    SIM_COST_ENTER(inner_b);
    fake_now += 7;
    SIM_COST_LEAVE(inner_b);
    fake_now += 3;
    SIM_COST_LEAVE(outer_a);
    fake_now += 2;
    sim_cost_stop();
    g_assert_cmpuint(ticks_of("other"), ==, 7);
    g_assert_cmpuint(ticks_of("outer_a"), ==, 13);
    g_assert_cmpuint(ticks_of("inner_b"), ==, 7);
    g_assert_cmpuint(stretches_of("other"), ==, 2);
    g_assert_cmpuint(stretches_of("outer_a"), ==, 2);
    g_assert_cmpuint(stretches_of("inner_b"), ==, 1);
    /* A new start forgets them. */
    sim_cost_start();
    sim_cost_stop();
    g_assert_cmpuint(ticks_of("outer_a"), ==, 0);
    g_assert_cmpuint(stretches_of("other"), ==, 1);
}

/* An account inside itself (a proxy that sends to itself through the stack) and "other"
 * entered to suspend an account around an upcall. */
static void test_reentry_and_suspension(void)
{
    use_fake_clock(0);
    sim_cost_start();
    SIM_COST_ENTER(outer_a);
    fake_now += 4;
    SIM_COST_ENTER(outer_a);
    fake_now += 6;
    SIM_COST_ENTER(other);
    fake_now += 9;
    SIM_COST_LEAVE(other);
    SIM_COST_LEAVE(outer_a);
    SIM_COST_LEAVE(outer_a);
    sim_cost_stop();
    g_assert_cmpuint(ticks_of("outer_a"), ==, 10);
    g_assert_cmpuint(ticks_of("other"), ==, 9);
}

static void leave_the_wrong_one(void)
{
    use_fake_clock(0);
    sim_cost_start();
    SIM_COST_ENTER(outer_a);
    SIM_COST_LEAVE(inner_b);
}

static void stop_inside_a_mark(void)
{
    use_fake_clock(0);
    sim_cost_start();
    SIM_COST_ENTER(outer_a);
    sim_cost_stop();
}

static void test_unbalanced_marks_abort(void)
{
    if (g_test_subprocess()) {
        if (g_strcmp0(g_getenv("COST_CASE"), "leave") == 0)
            leave_the_wrong_one();
        else
            stop_inside_a_mark();
        return;
    }
    g_setenv("COST_CASE", "leave", TRUE);
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*leaving \"inner_b\" while in \"outer_a\"*");
    g_setenv("COST_CASE", "stop", TRUE);
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*\"outer_a\" was entered and not left*");
}

/* Advances the fake clock by 100 and schedules one more event, three times in all. */
static void busy_handler(SimKernel *kernel, gpointer obj, gpointer data, guint32 arg)
{
    fake_now += 100;
    if (arg < 2)
        sim_kernel_post(kernel, 1, busy_handler, NULL, NULL, arg + 1);
}

static void test_kernel_charges_handlers_to_other(void)
{
    SimKernel *k = sim_kernel_new(1, 0);
    sim_kernel_post(k, 0, busy_handler, NULL, NULL, 0);
    use_fake_clock(0);
    sim_cost_start();
    g_assert_cmpint(sim_kernel_run(k, SIM_TIME_NEVER), ==, SIM_RUN_EMPTY);
    sim_cost_stop();
    g_assert_cmpuint(ticks_of("other"), ==, 300);
    g_assert_cmpuint(ticks_of("kernel"), ==, 0);
    /* Its own stretches: up to each of the 3 dispatches, the 2 pushes from the handlers, and
     * from the last handler to the run's end. */
    g_assert_cmpuint(stretches_of("kernel"), ==, 3 + 2 + 1);
    sim_kernel_free(k);
}

static guint64 fake_cpu;

static guint64 fake_cpu_clock(void)
{
    return fake_cpu;
}

/* The clock runs 100 while the thread runs 30: the stretch over the limit loses the 70 of
 * waiting; a long stretch without waiting keeps all of it. */
static void test_waits_are_taken_off(void)
{
    use_fake_clock(0);
    fake_cpu = 0;
    sim_cost_set_wait_check(50, fake_cpu_clock);
    sim_cost_start();
    fake_now += 40, fake_cpu += 40;
    SIM_COST_ENTER(outer_a);
    fake_now += 100, fake_cpu += 30;
    SIM_COST_ENTER(inner_b);
    fake_now += 20, fake_cpu += 20;
    SIM_COST_LEAVE(inner_b);
    fake_now += 60, fake_cpu += 60;
    SIM_COST_LEAVE(outer_a);
    sim_cost_stop();
    sim_cost_set_wait_check(0, NULL);
    g_assert_cmpuint(ticks_of("other"), ==, 40);
    g_assert_cmpuint(ticks_of("outer_a"), ==, 30 + 60);
    g_assert_cmpuint(ticks_of("inner_b"), ==, 20);
    guint64 wait_ticks = 0;
    g_assert_cmpuint(sim_cost_waits(&wait_ticks), ==, 1);
    g_assert_cmpuint(wait_ticks, ==, 70);
}

/* Each reading of the clock advances it by 3: a mark costs 3 ticks. */
static void test_switch_ticks(void)
{
    use_fake_clock(3);
    g_assert_cmpfloat(sim_cost_switch_ticks(), ==, 3.0);
    g_assert_false(sim_cost_recording);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cost/off-records-nothing", test_off_records_nothing);
    g_test_add_func("/cost/nesting-is-exclusive", test_nesting_is_exclusive);
    g_test_add_func("/cost/reentry-and-suspension", test_reentry_and_suspension);
    g_test_add_func("/cost/unbalanced-marks-abort", test_unbalanced_marks_abort);
    g_test_add_func("/cost/kernel-charges-handlers-to-other",
                    test_kernel_charges_handlers_to_other);
    g_test_add_func("/cost/waits-are-taken-off", test_waits_are_taken_off);
    g_test_add_func("/cost/switch-ticks", test_switch_ticks);
    return g_test_run();
}
