/* SPDX-License-Identifier: MIT */
/*
 * Dialogs (RFC 3261 section 12): the state two user agents share once an INVITE has been
 * answered (or has an early answer with a To tag), and how requests inside it are built.
 */
#pragma once

#include "net-address.h"
#include "sip-message.h"
#include "sip-writer.h"

typedef enum {
    SIP_DIALOG_EARLY,     /* from a provisional response with a To tag */
    SIP_DIALOG_CONFIRMED, /* from a 2xx */
} SipDialogState;

typedef struct {
    SipDialogState state;
    char *call_id;
    char *local_tag;
    char *remote_tag;
    char *local_party; /* name-addr without tag, as in our From (UAC) or To (UAS) */
    char *remote_party;
    char *remote_target; /* the peer's Contact URI, or NULL */
    /* Route URIs (with their parameters), in the order requests use. The strings above and
     * these live in the block route_set points to. */
    char **route_set;
    guint n_routes;
    guint32 local_cseq;  /* the last CSeq number we used */
    guint32 remote_cseq; /* the last the peer used; 0: none yet */
} SipDialog;

/* 12.1.2: the dialog of a UAC, from the request it sent and a response with a To tag. */
SipDialog *sip_dialog_new_uac(const SipMessage *request, const SipMessage *response);
/* 12.1.1: the dialog of a UAS, from the request it received and the To tag it chose. */
SipDialog *sip_dialog_new_uas(const SipMessage *request, const char *local_tag);
void sip_dialog_free(SipDialog *dialog);

/* The UAC learns the route set and target again from the 2xx that confirms an early dialog. */
void sip_dialog_confirm(SipDialog *dialog, const SipMessage *response);

/* A request inside the dialog: Call-ID and both tags (12.2.2). */
gboolean sip_dialog_matches_request(const SipDialog *dialog, const SipMessage *request);
/* A response to a request the UAC sent: Call-ID, From tag (ours), To tag (theirs). */
gboolean sip_dialog_matches_response(const SipDialog *dialog, const SipMessage *response);
/* 12.2.2: FALSE for a request whose CSeq is below the last the peer used (answer 500);
 * otherwise records it. */
gboolean sip_dialog_accept_remote_cseq(SipDialog *dialog, const SipMessage *request);

/* 12.2.1.1: starts a request inside the dialog: the request line (the remote target, or the
 * first route for a strict router) and the Route headers. The caller writes its Via next, then
 * calls sip_dialog_write_headers(). */
void sip_dialog_start_request(const SipDialog *dialog, SipWriter *w, SipStr method);
/* Max-Forwards, From, To, Call-ID and CSeq of a request inside the dialog. */
void sip_dialog_write_headers(const SipDialog *dialog, SipWriter *w, SipStr method, guint32 cseq);
/* Where the request goes: the first route's address, or the remote target's (port 5060 when
 * none is given). FALSE when that host is not an IPv4 address (sipsim has no DNS). */
gboolean sip_dialog_next_hop(const SipDialog *dialog, NetEndpoint *out);

/* "display <uri>" of a From or To, without its tag: what a dialog keeps of a party. */
char *sip_name_addr_party(const SipNameAddr *na);
/* The address of a URI's host:port, FALSE when the host is not an IPv4 address. */
gboolean sip_uri_endpoint(const SipUri *uri, NetEndpoint *out);
