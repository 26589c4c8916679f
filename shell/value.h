/* value.h — xv, the one value type of exsh: a 16-byte tagged union passed by value.
 *
 * OWNERSHIP (jq's rule): every xv_* function CONSUMES its xv arguments and returns OWNED
 * values, except xv_copy() (adds a reference) and accessors whose name ends in _b, which
 * BORROW: they neither consume their argument nor give you a reference.
 * Heap kinds (STR ARR DICT OBJ BLOCK) are refcounted and copy-on-write: a mutator given a
 * shared value clones it first, so values never change under another holder.
 * DICT is a PowerShell hashtable, OBJ a PSObject (type name + ordered property bag); both are
 * ordered and case-insensitive on keys. Strings are UTF-8, immutable, NUL-terminated. */
#ifndef EXSH_VALUE_H
#define EXSH_VALUE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
#define X(k, name) XV_##k,
#include "value.def"
#undef X
  XV__COUNT
} xv_kind;

struct xheap;
typedef struct xv {
  uint8_t kind;        /* xv_kind */
  union {
    bool b;            /* BOOL */
    int64_t i;         /* INT */
    double d;          /* DBL */
    struct xheap *h;   /* STR ARR DICT OBJ BLOCK: refcounted, freed by the last xv_free */
  } u;
} xv;

/* --- construction (all return owned values) --- */
static inline xv xv_null(void) { xv v = {XV_NULL, {.i = 0}}; return v; }
static inline xv xv_bool(bool b) { xv v = {XV_BOOL, {.b = b}}; return v; }
static inline xv xv_int(int64_t i) { xv v = {XV_INT, {.i = i}}; return v; }
static inline xv xv_dbl(double d) { xv v = {XV_DBL, {.d = d}}; return v; }
xv xv_str(const char *s);                      /* copies s */
xv xv_strn(const char *s, size_t n);           /* copies n bytes */
xv xv_str_uninit(size_t n, char **buf);        /* n bytes to fill through *buf before sharing */
xv xv_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
xv xv_arr(void);                               /* empty array */
xv xv_dict(void);                              /* empty hashtable */
xv xv_obj(const char *type_name);              /* empty PSObject of that type */
xv xv_block(const void *ast, const char *text);/* script block over an AST node that outlives it */

/* --- references --- */
xv xv_copy(xv v);                              /* adds a reference */
void xv_free(xv v);                            /* drops one */
long xv_live_count(void);                      /* heap values alive now (tests assert 0 at exit) */
static inline bool xv_is_heap(xv v) { return v.kind >= XV_STR; }

/* --- borrowing accessors --- */
static inline xv_kind xv_kind_b(xv v) { return (xv_kind)v.kind; }
const char *xv_str_b(xv v);                    /* STR: its bytes; other kinds: NULL */
size_t xv_strlen_b(xv v);
const char *xv_typename_b(xv v);               /* OBJ: its type; others: the .NET name */
const char *xv_kind_name(xv_kind k);

/* --- arrays --- */
uint32_t xv_len_b(xv v);                       /* ARR items, DICT/OBJ entries, STR bytes */
xv xv_arr_get_b(xv arr, uint32_t i);           /* borrowed item */
xv xv_arr_push(xv arr, xv item);               /* returns the (possibly cloned) array */
xv xv_arr_set(xv arr, uint32_t i, xv item);

/* --- hashtables and objects (same ordered, case-insensitive bag) --- */
xv xv_get_b(xv d, const char *key);            /* borrowed value, or a NULL xv when absent */
bool xv_has_b(xv d, const char *key);
xv xv_set(xv d, const char *key, xv val);      /* add or replace, keeps first insertion order */
xv xv_del(xv d, const char *key);
const char *xv_key_b(xv d, uint32_t i);        /* i-th key, insertion order */
xv xv_val_b(xv d, uint32_t i);                 /* i-th value */
xv xv_settype(xv obj, const char *type_name);
/* Reference semantics for scripts ($h.Key = v, $a[0] = v): mutate the bag or array that d
 * points to in place, whoever else holds it (as .NET does). d is borrowed, val consumed.
 * Only the evaluator uses these, on values that scripts own. */
void xv_set_inplace(xv d, const char *key, xv val);
void xv_arr_set_inplace(xv arr, uint32_t i, xv item);

/* --- script blocks --- */
const void *xv_block_ast_b(xv v);
const char *xv_block_text_b(xv v);

/* --- conversions (consume v) --- */
bool xv_truthy(xv v);                          /* PowerShell's boolean conversion */
xv xv_to_str(xv v);                            /* PowerShell's string conversion */
bool xv_to_num(xv v, xv *out);                 /* INT or DBL; false when not a number */
bool xv_eq_b(xv a, xv b, bool ci);             /* -eq semantics with a's type leading */
int xv_cmp_b(xv a, xv b, bool ci, bool *ok);   /* <0 0 >0 ; *ok false if incomparable */

/* --- strings helpers --- */
int xstrcasecmp(const char *a, const char *b);  /* ASCII case-insensitive */
uint32_t xstrhash_ci(const char *s, size_t n);

#endif
