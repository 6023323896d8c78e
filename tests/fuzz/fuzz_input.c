/*
** fuzz_input.c: gw_decode_input on arbitrary bytes (BOM, UTF-16, GB18030,
** binary), then the analyzer on what it decoded.
**
** Checks (id "input"):
**   - refused: an error message is set, no text;
**   - accepted: the text is valid UTF-8 (gw_utf8_valid) and the encoding is named;
**     as "UTF-8" the text is the input itself, unchanged, after a UTF-8 BOM if
**     there was one (and bom says so); valid UTF-8 without a BOM is either
**     passed through unchanged or refused as binary, never converted;
**   - the decoded text goes through fz_check_doc.
*/
#include "check.h"
#include "input.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *buf = (const char *)data;
  gw_input in;
  int rc = gw_decode_input(buf, size, &in);
  bool utf8_bom = size >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
  bool utf16_bom = size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF));
  if (rc != 0) {
    FZ_OK("input", rc == -1 && in.error[0] != '\0' && memchr(in.error, 0, sizeof in.error) != NULL && in.text == NULL,
          "refused (rc %d) without a message, or with text", rc);
    gw_input_free(&in);
    return 0;
  }
  FZ_OK("input", in.encoding != NULL && (in.text != NULL || in.len == 0), "accepted without an encoding or text");
  if (!in.text) { gw_input_free(&in); return 0; }
  FZ_OK("input", gw_utf8_valid(in.text, in.len), "decoded %s text (%zu bytes) is not valid UTF-8",
        in.encoding ? in.encoding : "?", in.len);
  if (in.encoding && strcmp(in.encoding, "UTF-8") == 0) {
    size_t skip = utf8_bom ? 3 : 0;
    FZ_OK("input", in.bom == utf8_bom && in.text == buf + skip && in.len == size - skip && in.owned == NULL,
          "UTF-8 input not passed through unchanged (bom %d, len %zu of %zu)", (int)in.bom, in.len, size);
  }
  if (!utf8_bom && !utf16_bom && gw_utf8_valid(buf, size))
    FZ_OK("input", in.encoding && strcmp(in.encoding, "UTF-8") == 0, "valid UTF-8 decoded as %s",
          in.encoding ? in.encoding : "?");

  gw_doc *doc = gw_doc_new(NULL);
  if (doc && FZ_OK("analyze", gw_doc_set_text(doc, in.text, in.len) == 0, "gw_doc_set_text failed")) fz_check_doc(doc);
  gw_doc_free(doc);
  gw_input_free(&in);
  return 0;
}
