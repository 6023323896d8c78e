/*
** state_test.c: the external scanner's serialized state (tests/grammar/run.sh
** builds and runs it). Includes grammar/src/scanner.c, to reach its statics.
**
**   - the machine's state, encoded compactly (sm_encode), decodes to the same
**     bytes, whatever they are (zero, all ones, random, one byte set);
**   - a cut or malformed encoding is refused (sm_decode returns 0), never read
**     past its length;
**   - deserializing any bytes, then serializing, gives a state that deserializes
**     to the same serialization (what tree-sitter relies on), and a typical
**     state serializes to much less than the raw machine state.
** Prints TAP-like lines and "N passed, N failed"; exit status 1 on a failure.
*/
#include "../../grammar/src/scanner.c"

#include <stdio.h>

static int passed, failed;

static void check(int ok, const char *what)
{
  if (ok) passed++;
  else {
    failed++;
    printf("FAIL %s\n", what);
  }
}

/* xorshift: the same sequence on every run */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static int roundtrip(const gw_sm *in)
{
  unsigned char enc[SM_ENC_MAX + 8];
  size_t n = sm_encode(in, enc);
  if (n == 0 || n > SM_ENC_MAX) return 0;
  gw_sm out;
  memset(&out, 0xA5, sizeof out);
  if (sm_decode(&out, enc, n) != n) return 0;
  if (memcmp(&out, in, sizeof out) != 0) return 0;
  /* every cut of it is refused, or decodes fewer bytes than it has */
  for (size_t cut = 0; cut < n; cut++) {
    size_t got = sm_decode(&out, enc, cut);
    if (got > cut) return 0;
    if (got == n) return 0;
  }
  return 1;
}

int main(void)
{
  gw_sm sm;
  int ok = 1;

  memset(&sm, 0, sizeof sm);
  ok &= roundtrip(&sm);
  memset(&sm, 0xFF, sizeof sm);
  ok &= roundtrip(&sm);
  check(ok, "all-zero and all-one states round-trip");

  ok = 1;
  for (size_t k = 0; k < sizeof sm; k++) {
    memset(&sm, 0, sizeof sm);
    ((unsigned char *)&sm)[k] = (unsigned char)(k + 1);
    ok &= roundtrip(&sm);
  }
  check(ok, "a state with one byte set round-trips, for each byte");

  ok = 1;
  for (int i = 0; i < 20000; i++) {
    unsigned char *raw = (unsigned char *)&sm;
    int density = (int)(next() % 9); /* 0..8 of 8: how many bytes are nonzero */
    for (size_t k = 0; k < sizeof sm; k++) raw[k] = (int)(next() % 8) < density ? (unsigned char)next() : 0;
    ok &= roundtrip(&sm);
  }
  check(ok, "20000 random states round-trip and refuse their cuts");

  /* a map longer than the state, or a map that asks for missing bytes */
  unsigned char bad[4] = {(unsigned char)(SM_MAP_BYTES + 1), 0, 0, 0};
  check(sm_decode(&sm, bad, sizeof bad) == 0, "a map longer than the state is refused");
  unsigned char short_bytes[3] = {1, 0x07, 9}; /* three bytes marked, one given */
  check(sm_decode(&sm, short_bytes, sizeof short_bytes) == 0, "a map marking missing bytes is refused");

  /* the scanner: any bytes deserialize to a state whose serialization is stable */
  void *sc = tree_sitter_gongwen_external_scanner_create();
  check(sc != NULL, "scanner created");
  if (!sc) {
    printf("state: %d passed, %d failed\n", passed, failed);
    return 1;
  }
  ok = 1;
  char buf[TREE_SITTER_SERIALIZATION_BUFFER_SIZE], again[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
  char junk[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
  for (int i = 0; i < 5000; i++) {
    unsigned len = (unsigned)(next() % (sizeof junk + 1));
    for (unsigned k = 0; k < len; k++) junk[k] = (char)next();
    if (i % 3 == 0 && len > 0) junk[0] = (char)(next() % (SM_MAP_BYTES + 1)); /* a plausible map length */
    tree_sitter_gongwen_external_scanner_deserialize(sc, junk, len);
    unsigned n = tree_sitter_gongwen_external_scanner_serialize(sc, buf);
    if (n > sizeof buf) { ok = 0; break; }
    /* another scanner reads it back to the same bytes */
    void *other = tree_sitter_gongwen_external_scanner_create();
    if (!other) { ok = 0; break; }
    tree_sitter_gongwen_external_scanner_deserialize(other, buf, n);
    unsigned m = tree_sitter_gongwen_external_scanner_serialize(other, again);
    ok &= m == n && memcmp(buf, again, n) == 0;
    tree_sitter_gongwen_external_scanner_destroy(other);
  }
  check(ok, "5000 arbitrary byte strings: deserialized, serialized, read back the same");

  /* the initial state is small: its machine state is mostly zero */
  tree_sitter_gongwen_external_scanner_deserialize(sc, NULL, 0);
  unsigned n0 = tree_sitter_gongwen_external_scanner_serialize(sc, buf);
  check(n0 < sizeof(gw_sm) / 2, "the initial state serializes to less than half the machine state");
  tree_sitter_gongwen_external_scanner_destroy(sc);

  printf("state: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
