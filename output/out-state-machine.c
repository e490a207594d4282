/* SPDX-License-Identifier: MIT */
#include "out-state-machine.h"

static const char *state_label(SipTxnState s)
{
    return s == SIP_TXN_INIT ? "[*]" : sip_txn_state_name(s);
}

char *out_state_machine_page(const SipTxnMachine *m)
{
    GString *s = g_string_new(NULL);
    const char *kind = sip_txn_kind_name(m->kind);
    g_autofree char *upper = g_ascii_strup(kind, -1);
    g_string_append_printf(s, "# The %s (%s)\n\n", m->title, upper);
    g_string_append_printf(
        s,
        "It follows %s, over UDP. This page is generated from the machine's table in "
        "`models/sip-%s.c` (`sipsim machines %s` prints it; `meson compile -C build docs` "
        "rewrites it), so the diagram and the table below are the code.\n\n"
        "An event with no row in the current state is dropped and reported. Timer values: "
        "T1 = 500 ms, T2 = 4 s, T4 = 5 s by default, set per node; Timer D = 32 s.\n\n",
        m->rfc, kind, kind);
    g_string_append(s, "```mermaid\nstateDiagram-v2\n");
    for (gsize i = 0; i < m->n_rows; i++) {
        const SipTxnRow *r = &m->rows[i];
        g_string_append_printf(s, "    %s --> %s: %s\n", state_label(r->state),
                               sip_txn_state_name(r->next), sip_txn_event_name(r->event));
    }
    g_string_append(s, "    terminated --> [*]\n```\n\n");
    g_string_append(s, "| state | event | action | next state |\n|---|---|---|---|\n");
    for (gsize i = 0; i < m->n_rows; i++) {
        const SipTxnRow *r = &m->rows[i];
        g_string_append_printf(s, "| %s | %s | %s | %s |\n", sip_txn_state_name(r->state),
                               sip_txn_event_name(r->event),
                               r->action             ? r->action->does
                               : r->next == r->state ? "absorb it"
                                                     : "none",
                               sip_txn_state_name(r->next));
    }
    return g_string_free(s, FALSE);
}
