/* SPDX-License-Identifier: MIT */
#include "out-pcap.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <string.h>
#include <unistd.h>

#include "out-file.h"

/* IPv4's largest datagram: the limit of its total length field (RFC 791 3.1). */
#define PCAP_SNAPLEN 65535
#define IP_HEADER    20
#define IP_PROTO_UDP 17
#define IP_FLAG_DF   0x4000 /* the network never fragments: it drops what exceeds an MTU */
#define UDP_HEADER   8

struct OutPcap {
    char *path;
    OutFile *file;         /* the temporary name and the rename at the end */
    pcap_t *pcap;          /* the capture's link type, snap length and time precision */
    pcap_dumper_t *dumper; /* libpcap's own stream on the file's descriptor */
    guint8 packet[PCAP_SNAPLEN];
};

static void put16(guint8 *p, guint16 v)
{
    p[0] = (guint8) (v >> 8);
    p[1] = (guint8) v;
}

static void put32(guint8 *p, guint32 v)
{
    put16(p, (guint16) (v >> 16));
    put16(p + 2, (guint16) v);
}

/* Adds 16-bit big-endian words to a one's complement sum (RFC 1071), an odd last byte padded
 * with zero. */
static guint32 sum16(guint32 sum, const guint8 *p, gsize len)
{
    for (; len > 1; p += 2, len -= 2)
        sum += (guint32) p[0] << 8 | p[1];
    if (len)
        sum += (guint32) p[0] << 8;
    return sum;
}

static guint16 checksum(guint32 sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (guint16) ~sum;
}

/* The IPv4 header (RFC 791 3.1) of a datagram with @udp_len bytes of UDP. Its Identification is
 * the low 16 bits of the datagram's id, which a link's duplicate shares: the same IP datagram. */
static void write_ip_header(guint8 *h, const NetDatagram *dg, guint16 udp_len)
{
    h[0] = 0x45; /* version 4, 5 words of header */
    h[1] = 0;    /* DSCP, ECN */
    put16(h + 2, (guint16) (IP_HEADER + udp_len));
    put16(h + 4, (guint16) dg->id);
    put16(h + 6, IP_FLAG_DF);
    h[8] = dg->ttl;
    h[9] = IP_PROTO_UDP;
    put16(h + 10, 0);
    put32(h + 12, dg->src.ip);
    put32(h + 16, dg->dst.ip);
    put16(h + 10, checksum(sum16(0, h, IP_HEADER)));
}

/* The UDP header (RFC 768) and payload; the checksum covers the pseudo-header (addresses,
 * protocol, UDP length), the header and the payload. */
static void write_udp(guint8 *u, const NetDatagram *dg, guint16 udp_len)
{
    put16(u, dg->src.port);
    put16(u + 2, dg->dst.port);
    put16(u + 4, udp_len);
    put16(u + 6, 0);
    memcpy(u + UDP_HEADER, dg->data, dg->len);
    guint8 pseudo[12];
    put32(pseudo, dg->src.ip);
    put32(pseudo + 4, dg->dst.ip);
    pseudo[8] = 0;
    pseudo[9] = IP_PROTO_UDP;
    put16(pseudo + 10, udp_len);
    guint16 sum = checksum(sum16(sum16(0, pseudo, sizeof pseudo), u, udp_len));
    /* A computed zero goes out as all ones: zero means "no checksum" (RFC 768). */
    put16(u + 6, sum ? sum : 0xffff);
}

static void write_packet(OutPcap *p, SimTime time, const NetDatagram *dg)
{
    /* net_datagram_new() keeps every payload within IPv4's limit. */
    guint16 udp_len = (guint16) (UDP_HEADER + dg->len);
    write_ip_header(p->packet, dg, udp_len);
    write_udp(p->packet + IP_HEADER, dg, udp_len);
    /* At nanosecond precision, the microseconds field holds nanoseconds. */
    struct pcap_pkthdr h = {
        .ts = { .tv_sec = time / SIM_S, .tv_usec = time % SIM_S },
        .caplen = IP_HEADER + udp_len,
        .len = IP_HEADER + udp_len,
    };
    pcap_dump((u_char *) p->dumper, &h, p->packet);
}

/* A datagram is captured where it comes into being: where it is sent, where a link copies it. */
static void on_trace(const NetTrace *t, gpointer user_data)
{
    if (t->kind == NET_TRACE_SEND || t->kind == NET_TRACE_DUPLICATE)
        write_packet(user_data, t->time, t->dg);
}

/* libpcap writes through a stream of its own on a duplicate of @file's descriptor: it closes
 * that stream on failure and at the end, while @file keeps its own for the rename. */
static pcap_dumper_t *open_dumper(pcap_t *pcap, OutFile *file, const char *path, GError **error)
{
    int fd = dup(fileno(out_file_stream(file)));
    FILE *stream = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!stream) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot write: %s", path,
                    g_strerror(e));
        return NULL;
    }
    setvbuf(stream, NULL, _IOFBF, 1 << 20);
    pcap_dumper_t *dumper = pcap_dump_fopen(pcap, stream);
    if (!dumper)
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, pcap_geterr(pcap));
    return dumper;
}

OutPcap *out_pcap_open(NetNetwork *net, const char *path, GError **error)
{
    if (!*path) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "expected a file name, got nothing");
        return NULL;
    }
    if (G_IS_DIR_SEPARATOR(path[strlen(path) - 1]) || g_file_test(path, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                    "%s: expected a file name, not a directory", path);
        return NULL;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *name = g_path_get_basename(path);
    OutFile *file = out_file_open(dir, name, error);
    if (!file)
        return NULL;
    pcap_t *pcap =
        pcap_open_dead_with_tstamp_precision(DLT_RAW, PCAP_SNAPLEN, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t *dumper = pcap ? open_dumper(pcap, file, path, error) : NULL;
    if (!dumper) {
        if (!pcap)
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "%s: cannot start a capture",
                        path);
        else
            pcap_close(pcap);
        out_file_abort(file);
        return NULL;
    }
    OutPcap *p = g_new(OutPcap, 1);
    p->path = g_strdup(path);
    p->file = file;
    p->pcap = pcap;
    p->dumper = dumper;
    net_network_add_observer(net, on_trace, p);
    return p;
}

/* Closes libpcap's stream; 0 when everything reached the file, else the errno of the failure
 * (EIO when an earlier write failed). */
static int close_dumper(OutPcap *p)
{
    errno = 0;
    gboolean ok = pcap_dump_flush(p->dumper) == 0 && !ferror(pcap_dump_file(p->dumper));
    int e = ok ? 0 : errno ? errno : EIO;
    pcap_dump_close(p->dumper);
    pcap_close(p->pcap);
    return e;
}

static void out_pcap_free(OutPcap *p)
{
    g_free(p->path);
    g_free(p);
}

gboolean out_pcap_finish(OutPcap *pcap, gboolean complete, GError **error)
{
    int e = close_dumper(pcap);
    gboolean ok = !e;
    if (ok) {
        ok = out_file_finish(pcap->file, complete, error);
    } else {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot write: %s",
                    pcap->path, g_strerror(e));
        out_file_abort(pcap->file);
    }
    out_pcap_free(pcap);
    return ok;
}

void out_pcap_abort(OutPcap *pcap)
{
    if (!pcap)
        return;
    close_dumper(pcap);
    out_file_abort(pcap->file);
    out_pcap_free(pcap);
}
