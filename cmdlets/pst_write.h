/* pst_write.h — a streaming writer of Unicode .pst files ([MS-PST]), read back by libpff and
 * readpst. Messages go to the file as they arrive; only ~60 bytes per message (B-tree entries
 * and one contents-table row) stay in memory until pstw_close() writes the folder tables, the
 * B-trees, the allocation maps and the header.
 *
 * OWNERSHIP: a pstw is created by pstw_open() and freed by exactly one of pstw_close() or
 * pstw_abort(). pstw_message() BORROWS msg (unlike most xv functions): the caller still owns
 * it and frees it after the call. Strings are copied; nothing points into the caller's data.
 * Every function returns 0 on success, -1 with err filled (err may be NULL). After an error
 * from pstw_folder/pstw_message the writer is still valid, but the caller should pstw_abort(). */
#ifndef EXSH_PST_WRITE_H
#define EXSH_PST_WRITE_H
#include <stddef.h>
#include <stdint.h>
#include "value.h"

typedef struct pstw pstw;

/* Creates path, a new file of mode 0600 (an existing file or a symbolic link there is refused:
 * O_EXCL|O_NOFOLLOW), with the store's display name (NULL: "Personal
 * Folders"). The file holds the root folder, "Top of Personal Folders" (the IPM subtree),
 * "Deleted Items" under it, and "Search Root". */
int pstw_open(const char *path, const char *display_name, pstw **out, char *err, size_t errlen);

/* Adds folder name under parent (0: the IPM subtree; else a handle from this function) and
 * returns its handle. A folder of that name (ASCII case-insensitive) under that parent is
 * returned instead of a second one, so "Deleted Items" under 0 is the predefined folder.
 * container_class: "IPF.Note", "IPF.Appointment", ... or NULL. */
int pstw_folder(pstw *w, uint64_t parent, const char *name, const char *container_class,
                uint64_t *folder_handle, char *err, size_t errlen);

/* Writes one message (a DICT of the message model in store/mailstore.h, BORROWED) into the
 * folder. Its blocks are on disk when this returns. */
int pstw_message(pstw *w, uint64_t folder_handle, xv msg, char *err, size_t errlen);

/* Writes folders, tables, B-trees, maps and header; closes the file and frees w. On failure
 * the partial file is removed (w is freed either way). */
int pstw_close(pstw *w, char *err, size_t errlen);

/* Frees w and removes the partial file. NULL is allowed. */
void pstw_abort(pstw *w);

#endif
