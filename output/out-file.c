/* SPDX-License-Identifier: MIT */
#include "out-file.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct OutFile {
    char *dir;
    char *name;
    char *tmp_path;
    FILE *stream;
};

OutFile *out_file_open(const char *dir, const char *name, GError **error)
{
    g_autofree char *tmpl = g_strdup_printf(".%s.XXXXXX", name);
    g_autofree char *path = g_build_filename(dir, tmpl, NULL);
    int fd = g_mkstemp(path);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot create: %s", dir,
                    g_strerror(e));
        return NULL;
    }
    /* mkstemp makes the file private; give it the permissions a plain fopen would. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    OutFile *f = g_new0(OutFile, 1);
    f->dir = g_strdup(dir);
    f->name = g_strdup(name);
    f->tmp_path = g_steal_pointer(&path);
    f->stream = fdopen(fd, "w");
    setvbuf(f->stream, NULL, _IOFBF, 1 << 20);
    return f;
}

FILE *out_file_stream(OutFile *file)
{
    return file->stream;
}

const char *out_file_temp_path(const OutFile *file)
{
    return file->tmp_path;
}

static void out_file_free(OutFile *f)
{
    g_free(f->dir);
    g_free(f->name);
    g_free(f->tmp_path);
    g_free(f);
}

gboolean out_file_finish(OutFile *file, gboolean complete, GError **error)
{
    gboolean ok = fflush(file->stream) == 0 && !ferror(file->stream);
    int e = errno;
    if (fclose(file->stream) != 0 && ok) {
        ok = FALSE;
        e = errno;
    }
    g_autofree char *final = g_build_filename(file->dir, file->name, NULL);
    g_autofree char *partial = g_strconcat(final, ".partial", NULL);
    const char *target = complete ? final : partial;
    if (ok && g_rename(file->tmp_path, target) != 0) {
        ok = FALSE;
        e = errno;
    }
    if (!ok) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot write: %s", target,
                    g_strerror(e));
        g_unlink(file->tmp_path);
    } else {
        g_unlink(complete ? partial : final);
    }
    out_file_free(file);
    return ok;
}

void out_file_abort(OutFile *file)
{
    fclose(file->stream);
    g_unlink(file->tmp_path);
    out_file_free(file);
}
