/* store.h — the only door to the store folder: a durable, locked, versioned JSON document
 * holding the organisation's configuration. Nothing else in exsh opens the store's files.
 *
 * Model: named collections of records. A record is an xv hashtable (values: null, bool,
 * int, double, string, arrays of those, nested hashtables). Keys are matched
 * case-insensitively and kept as first written. A singleton (Transport Settings) is a record
 * in its own collection with key "".
 * Every write is one transaction: take the lock, reload what other processes committed,
 * check and apply, commit durably (fsync), release — so it is on disk when the call returns
 * and two processes never lose each other's updates.
 * Ownership follows value.h: xv arguments are consumed, xv results are owned. */
#ifndef EXSH_STORE_H
#define EXSH_STORE_H
#include "../shell/value.h"

typedef struct store store;

enum {
  STORE_OK = 0,
  STORE_EXISTS,      /* store_put with STORE_CREATE: the key is taken */
  STORE_NOTFOUND,    /* the key (or collection) does not exist */
  STORE_CORRUPT,     /* the file does not parse: msg names the path, line and column */
  STORE_SCHEMA,      /* the file's schema version is unknown: msg names the path */
  STORE_IO,          /* the OS refused: msg names the path and strerror */
};

typedef struct store_err {
  int code;          /* STORE_* */
  char msg[512];     /* human sentence, e.g. "The store file '/x/config.json' is not valid JSON: ... at line 3, column 7." */
} store_err;

/* Fills err (when not NULL) with code and the sentence, and returns code; store_ok clears err
 * and returns STORE_OK. Shared by store.c and mailstore.c. */
int store_set_err(store_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int store_ok(store_err *err);
/* fsync(2) of a folder, so the entries made in it are durable (also used by mailstore.c) */
int store_fsync_dir(const char *dir, store_err *err);

/* Opens the store in dir, creating the folder (mode 0700) and an empty document of the
 * current schema on first use. A corrupt or unknown-schema file is
 * reported and never overwritten. */
int store_open(const char *dir, store **out, store_err *err);
void store_close(store *s);

/* Reads (refreshing from disk first if another process committed). */
int store_get(store *s, const char *coll, const char *key, xv *out, store_err *err);
int store_list(store *s, const char *coll, xv *out_array, store_err *err); /* records in insertion order */
long store_count(store *s, const char *coll);

/* Writes: one durable transaction each. */
enum { STORE_CREATE = 1, STORE_REPLACE = 2, STORE_UPSERT = 3 };
int store_put(store *s, const char *coll, const char *key, xv record, int mode, store_err *err);
/* Merges the entries of fields into the existing record; when it is absent: NOTFOUND, or
 * with create set, a new record of just those fields (singletons whose defaults live in
 * their module, so only what the admin changed is stored). */
int store_update(store *s, const char *coll, const char *key, xv fields, bool create, store_err *err);
int store_delete(store *s, const char *coll, const char *key, store_err *err);
/* Read-modify-write as one transaction: under the exclusive lock, after reading what other
 * processes committed, calls fn with the current record (borrowed; NULL kind when absent).
 * fn returns STORE_OK with *fields (owned) to merge as store_update(create=true) does (an empty
 * DICT writes nothing), or STORE_ABANDONED (it reported why itself): nothing is written.
 * So an edit computed from the current value (a list's @{Add=...}) never loses another
 * process's update made meanwhile. */
enum { STORE_ABANDONED = 100 };
typedef int (*store_modify_fn)(void *ud, xv current, xv *fields);
int store_modify(store *s, const char *coll, const char *key, store_modify_fn fn, void *ud, store_err *err);

#endif
