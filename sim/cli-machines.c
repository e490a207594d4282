/* SPDX-License-Identifier: MIT */
/* sipsim machines [NAME]: prints a state machine's table and diagram (Markdown). */
#include <stdio.h>

#include "cli.h"
#include "out-state-machine.h"

int cli_machines(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx =
        g_option_context_new("[NAME] - print a SIP state machine's diagram and table");
    g_option_context_set_description(
        ctx, "NAME: ict, ist, nict or nist (the INVITE and non-INVITE client and server "
             "transactions of RFC 3261 section 17). Without a name, lists them.");
    if (!cli_parse(ctx, "machines", &argc, &argv))
        return CLI_BAD_INPUT;
    if (argc > 2)
        return cli_usage_error("machines", "one machine at a time, got %d names", argc - 1);
    for (int k = 0; k < SIP_TXN_N_KINDS; k++) {
        const SipTxnMachine *m = sip_txn_machine(k);
        if (argc == 1) {
            printf("%-5s %s (%s)\n", sip_txn_kind_name(k), m->title, m->rfc);
        } else if (g_str_equal(argv[1], sip_txn_kind_name(k))) {
            g_autofree char *page = out_state_machine_page(m);
            fputs(page, stdout);
            return CLI_OK;
        }
    }
    if (argc == 1)
        return CLI_OK;
    return cli_usage_error("machines", "no machine named '%s'; expected ict, ist, nict or nist",
                           argv[1]);
}
