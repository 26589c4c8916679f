/* exchange.c — the helpers exchange.h declares, shared by the noun modules (systemmessage.c,
 * mailbox.c, ...) so that GUIDs and times look the same everywhere. */
#include "exchange.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

void exch_new_guid(char out[37]) {
  unsigned char b[16];
  if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
    srand((unsigned)time(NULL) ^ (unsigned)clock());
    for (int i = 0; i < 16; i++) b[i] = (unsigned char)rand();
  }
  b[6] = (b[6] & 0x0F) | 0x40;
  b[8] = (b[8] & 0x3F) | 0x80;
  sprintf(out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
          b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

bool exch_guid_canon(const char *s, char out[37]) {
  size_t len = strlen(s), h = 0;
  char hex[33];
  if (len == 38 && s[0] == '{' && s[37] == '}') s++, len = 36;
  if (len != 36 && len != 32) return false;
  for (size_t i = 0; i < len; i++) {
    if (len == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
      if (s[i] != '-') return false;
    } else if (isxdigit((unsigned char)s[i])) {
      hex[h++] = (char)tolower((unsigned char)s[i]);
    } else {
      return false;
    }
  }
  hex[32] = '\0';
  sprintf(out, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
  return true;
}

xv exch_iso_now(void) {
  char buf[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return xv_str(buf);
}

xv exch_when(const char *iso, bool utc) {
  struct tm tm = {0};
  char buf[48];
  if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                     &tm.tm_min, &tm.tm_sec) != 6)
    return xv_null();
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  time_t t = timegm(&tm);
  if (utc) gmtime_r(&t, &tm);
  else localtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%-m/%-d/%Y %-I:%M:%S %p", &tm);
  return xv_str(buf);
}
