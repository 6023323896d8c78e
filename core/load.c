/*
** load.c: reading a file into a new document in background threads, for the
** editor's first look at a large file it has just read itself.
**
** One coordinator thread per load: it opens the file and splits it into byte
** ranges. Then, in two rounds, it and the threads it starts each take the next
** range left: the first round reads each range into a block of its own and
** counts its lines; the coordinator then makes the document's array for all
** the lines, and the second round scans each range's lines into their part of
** that array, where they stay (no copy of a line record, no array per range).
** Last comes the structure pass. The caller's
** thread only starts the load, asks whether it is over (never blocking) and
** takes the result; the threads touch nothing but the load.
**
** Lines are split at \n only, as an editor reading a file in "unix" format
** does: a \r stays part of its line, a final \n ends the last line (no empty
** line after it), an empty file is one empty line.
*/
#define _POSIX_C_SOURCE 200809L

#include "gw_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOAD_MAX_THREADS 8
#define LOAD_TAIL ((size_t)1 << 16)    /* bytes read at a time past a range, for its last line */
#define LOAD_MIN_RANGE (1u << 20)      /* smaller files are not split */
#define LOAD_RANGES_PER_THREAD 4

enum { RUNNING, DONE, ORPHANED };

typedef struct {
  struct gw_load *ld;
  off_t from, to;  /* lines that start in [from, to); to < 0: up to the end */
  off_t size;      /* the file's size when it was opened */
  int first;       /* the first range: a line starts at from */
  char *blk;       /* first round: its bytes (NULL: no line starts in it) */
  size_t start, end; /* its lines: blk[start, end) */
  size_t n;        /* its lines */
  size_t at;       /* second round: index of its first line in the document */
  int built;       /* second round: its lines are in the document */
  size_t bytes;    /* bytes of its lines, line breaks not counted */
  int err;         /* errno, or ENOMEM */
} range;

struct gw_load {
  gw_options opts;
  char *path;
  int threads;
  size_t skip;
  atomic_int stage;   /* RUNNING, DONE (the coordinator finished), ORPHANED (freed by it) */
  atomic_int cancel;  /* asked to stop */
  pthread_t tid;
  /* results, read by the caller after done */
  gw_doc *doc;
  size_t lines, bytes;
  int err;            /* errno of the failure, 0 on success */
  const char *what;   /* what failed */
};

static ssize_t read_at(int fd, char *buf, size_t n, off_t pos)
{
  for (;;) {
    ssize_t got = pread(fd, buf, n, pos);
    if (got >= 0 || errno != EINTR) return got;
  }
}

/* Makes room for `need` bytes in a block that holds `have` (a new block, the
** bytes copied: no line lives in it yet); NULL on ENOMEM (blk is freed). */
static char *grow_block(char *blk, size_t have, size_t *cap, size_t need)
{
  size_t nc = *cap;
  while (nc < need) {
    if (nc > SIZE_MAX / 2) { gw_block_free(blk); return NULL; }
    nc *= 2;
  }
  char *nb = gw_block_new(nc);
  if (!nb) { gw_block_free(blk); return NULL; }
  memcpy(nb, blk, have);
  gw_block_free(blk);
  *cap = nc;
  return nb;
}

/* First round: reads the lines that start in [r->from, r->to) into one block
** (r->blk, where they will live: split in place, no copy; see gw_block_scan)
** and counts them. */
static void read_range(range *r, int fd)
{
  /* a range after the first starts reading a byte early: a \n there starts a
  ** line at from */
  off_t at = r->first ? r->from : r->from - 1;
  off_t stop = r->to < 0 ? r->size : r->to;
  if (stop < at) stop = at;
  size_t want = (size_t)(stop - at), cap = want + LOAD_TAIL, have = 0;
  char *blk = gw_block_new(cap);
  if (!blk) { r->err = ENOMEM; return; }
  bool eof = false;
  while (have < want) {
    if (atomic_load_explicit(&r->ld->cancel, memory_order_relaxed)) goto out;
    ssize_t got = read_at(fd, blk + have, want - have, at + (off_t)have);
    if (got < 0) { r->err = errno ? errno : EIO; goto out; }
    if (got == 0) { eof = true; break; }
    have += (size_t)got;
  }
  size_t start = 0;
  if (!r->first) {
    const char *nl = memchr(blk, '\n', have);
    if (!nl) goto out; /* no line starts in this range */
    start = (size_t)(nl - blk) + 1;
    if (r->to >= 0 && at + (off_t)start >= r->to) goto out; /* the next range's */
  }
  /* the last line that starts in the range goes on to its \n (the last range:
  ** to the end of the file, which may have grown) */
  size_t end = have;
  if (!(r->to >= 0 && have > start && blk[have - 1] == '\n')) {
    size_t look = have;
    for (;;) {
      if (r->to >= 0) {
        const char *nl = look < have ? memchr(blk + look, '\n', have - look) : NULL;
        if (nl) { end = (size_t)(nl - blk) + 1; break; }
      }
      look = have;
      if (eof) { end = have; break; }
      if (atomic_load_explicit(&r->ld->cancel, memory_order_relaxed)) goto out;
      if (cap - have < LOAD_TAIL) {
        blk = grow_block(blk, have, &cap, have + LOAD_TAIL);
        if (!blk) { r->err = ENOMEM; return; }
      }
      ssize_t got = read_at(fd, blk + have, cap - have, at + (off_t)have);
      if (got < 0) { r->err = errno ? errno : EIO; goto out; }
      if (got == 0) eof = true;
      have += (size_t)got;
    }
  }
  if (end <= start) goto out;
  r->blk = blk;
  r->start = start;
  r->end = end;
  r->n = gw_block_lines(blk, start, end);
  /* the bytes of the lines: line breaks not counted */
  r->bytes = (end - start) - (blk[end - 1] == '\n' ? r->n : r->n - 1);
  return;
out:
  gw_block_free(blk);
}

static void fail(struct gw_load *ld, const char *what, int err)
{
  if (!ld->err) {
    ld->what = what;
    ld->err = err ? err : EIO;
  }
}

/* Second round: scans the range's lines into their part of the document's
** array (the block goes with them). */
static void build_range(range *r, gw_doc *doc)
{
  if (!r->blk) return;
  char *blk = r->blk;
  r->blk = NULL;
  if (gw_block_scan(doc->lines + r->at, r->n, blk, r->start, r->end) != 0) { r->err = ENOMEM; return; } /* blk freed */
  r->built = 1;
}

/* What the threads of a round share: the ranges, taken in turn from `next` (so
** that a thread slowed down by other work on the machine takes fewer). */
typedef struct {
  range *ranges;
  size_t n;
  atomic_size_t next;
  int fd;
  gw_doc *doc; /* NULL: the first round (reading), else the second (scanning into it) */
} work;

static void *work_main(void *arg)
{
  work *w = arg;
  for (;;) {
    size_t k = atomic_fetch_add(&w->next, 1);
    if (k >= w->n) break;
    range *r = &w->ranges[k];
    if (atomic_load_explicit(&r->ld->cancel, memory_order_relaxed)) break;
    if (w->doc) build_range(r, w->doc);
    else read_range(r, w->fd);
  }
  return NULL;
}

/* One round: `threads` threads (this one and those it can start) take the
** ranges until none is left. */
static void round_run(work *w, int threads)
{
  pthread_t tids[LOAD_MAX_THREADS];
  int started = 0;
  atomic_store(&w->next, 0);
  for (int k = 1; k < threads; k++) {
    if (pthread_create(&tids[started], NULL, work_main, w) != 0) break; /* fewer threads */
    started++;
  }
  work_main(w);
  for (int k = 0; k < started; k++) pthread_join(tids[k], NULL);
}

static void *load_main(void *arg)
{
  struct gw_load *ld = arg;
  work w = {.ranges = NULL, .n = 0, .fd = -1, .doc = NULL};
  atomic_init(&w.next, 0);
  gw_doc *doc = NULL;
  w.fd = open(ld->path, O_RDONLY | O_CLOEXEC);
  struct stat sb;
  if (w.fd < 0) { fail(ld, "open", errno); goto done; }
  if (fstat(w.fd, &sb) != 0) { fail(ld, "stat", errno); goto done; }
  if (!S_ISREG(sb.st_mode)) { fail(ld, "not a regular file", EINVAL); goto done; }
  off_t start = (off_t)ld->skip, size = sb.st_size < start ? start : sb.st_size;
  off_t span = size - start;
  /* about LOAD_RANGES_PER_THREAD ranges per thread, none under LOAD_MIN_RANGE */
  int threads = ld->threads;
  off_t want = (off_t)threads * LOAD_RANGES_PER_THREAD;
  off_t most = span / LOAD_MIN_RANGE + 1;
  size_t nr = (size_t)(want < most ? want : most);
  if (nr < (size_t)threads) threads = (int)nr;
  w.ranges = calloc(nr, sizeof *w.ranges);
  if (!w.ranges) { fail(ld, "out of memory", ENOMEM); goto done; }
  w.n = nr;
  for (size_t k = 0; k < nr; k++) {
    range *r = &w.ranges[k];
    r->ld = ld;
    r->from = start + (off_t)((double)span * (double)k / (double)nr);
    r->first = k == 0;
    r->size = size;
    r->to = k + 1 == nr ? -1 : start + (off_t)((double)span * (double)(k + 1) / (double)nr); /* the last reads to the end */
  }
  doc = gw_doc_new(&ld->opts);
  if (!doc) { fail(ld, "out of memory", ENOMEM); goto done; }
  /* first round: read and count */
  round_run(&w, threads);
  size_t total = 0;
  for (size_t k = 0; k < nr; k++) {
    range *r = &w.ranges[k];
    if (r->err) { fail(ld, r->err == ENOMEM ? "out of memory" : "read", r->err); goto done; }
    r->at = total;
    total += r->n;
    ld->bytes += r->bytes;
  }
  if (atomic_load(&ld->cancel)) { fail(ld, "cancelled", ECANCELED); goto done; }
  /* second round: scan into the document's array, made once for all the lines */
  if (total && gw_doc_reserve(doc, total) != 0) { fail(ld, "out of memory", ENOMEM); goto done; }
  w.doc = doc;
  round_run(&w, threads);
  bool all = true;
  for (size_t k = 0; k < nr; k++) {
    range *r = &w.ranges[k];
    if (r->err) fail(ld, "out of memory", r->err);
    all = all && (r->built || r->n == 0);
  }
  if (!ld->err && !all) fail(ld, "cancelled", ECANCELED); /* a range was left when the load was cancelled */
  if (ld->err) {
    for (size_t k = 0; k < nr; k++)
      if (w.ranges[k].built) gw_lines_release(doc->lines + w.ranges[k].at, w.ranges[k].n);
    goto done;
  }
  doc->n = total;
  doc->dirty = true;
  if (total == 0) {
    /* an empty file is one empty line */
    const char *empty = "";
    size_t zero = 0;
    if (gw_doc_replace(doc, 0, 0, &empty, &zero, 1) != 0) { fail(ld, "out of memory", ENOMEM); goto done; }
  }
  ld->lines = gw_doc_line_count(doc);
  if (atomic_load(&ld->cancel)) fail(ld, "cancelled", ECANCELED);
  else if (gw_doc_analyze(doc) != 0) fail(ld, "out of memory", ENOMEM);
done:
  if (w.fd >= 0) close(w.fd);
  for (size_t k = 0; k < w.n; k++) gw_block_free(w.ranges[k].blk); /* blocks no line took */
  free(w.ranges);
  if (ld->err) gw_doc_free(doc);
  else ld->doc = doc;
  if (atomic_exchange(&ld->stage, DONE) == ORPHANED) {
    /* nobody waits for this load any more (the thread is detached) */
    gw_doc_free(ld->doc);
    free(ld->path);
    free(ld);
  }
  return NULL;
}

static int cpu_count(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > LOAD_MAX_THREADS ? LOAD_MAX_THREADS : (int)n;
}

gw_load *gw_load_start(const char *path, const gw_options *opts, size_t skip, int threads)
{
  if (!path) return NULL;
  struct gw_load *ld = calloc(1, sizeof *ld);
  if (!ld) return NULL;
  size_t n = strlen(path);
  ld->path = malloc(n + 1);
  if (!ld->path) { free(ld); return NULL; }
  memcpy(ld->path, path, n + 1);
  if (opts) ld->opts = *opts;
  ld->skip = skip;
  ld->threads = threads <= 0 ? cpu_count() : threads > LOAD_MAX_THREADS ? LOAD_MAX_THREADS : threads;
  atomic_init(&ld->stage, RUNNING);
  atomic_init(&ld->cancel, 0);
  if (pthread_create(&ld->tid, NULL, load_main, ld) != 0) {
    free(ld->path);
    free(ld);
    return NULL;
  }
  return ld;
}

int gw_load_done(gw_load *ld)
{
  return ld && atomic_load(&ld->stage) == DONE;
}

/* Joins the coordinator once. */
static void load_join(gw_load *ld)
{
  if (ld->path) {
    pthread_join(ld->tid, NULL);
    free(ld->path);
    ld->path = NULL;
  }
}

gw_doc *gw_load_finish(gw_load *ld, size_t *lines, size_t *bytes, char *err, size_t errcap)
{
  if (!ld) return NULL;
  load_join(ld);
  if (lines) *lines = ld->lines;
  if (bytes) *bytes = ld->bytes;
  gw_doc *doc = ld->doc;
  ld->doc = NULL;
  if (!doc && err && errcap) {
    if (!ld->err) snprintf(err, errcap, "already taken");
    else if (ld->err == ENOMEM || ld->err == ECANCELED || ld->err == EINVAL) snprintf(err, errcap, "%s", ld->what);
    else snprintf(err, errcap, "%s: %s", ld->what, strerror(ld->err));
  }
  return doc;
}

void gw_load_free(gw_load *ld)
{
  if (!ld) return;
  if (ld->path) {
    /* still running, or over but not joined: never wait for it here */
    pthread_t tid = ld->tid;
    atomic_store(&ld->cancel, 1);
    if (atomic_exchange(&ld->stage, ORPHANED) == RUNNING) {
      pthread_detach(tid); /* it frees the load when it ends */
      return;
    }
    pthread_join(tid, NULL);
    free(ld->path);
  }
  gw_doc_free(ld->doc);
  free(ld);
}
