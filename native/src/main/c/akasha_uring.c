/*
 * Batches of reads through io_uring (liburing, linked statically), for DiskANN's direct reads:
 * the W sector reads of one beam-search hop are queued, submitted with one system call and
 * reaped together. Called from Java (io.akasha.nativecode.UringReads), which checks that every
 * buffer holds the bytes asked for; the kernel checks the rest (alignment for O_DIRECT, the fd).
 * One ring per searching thread: a ring is not shared.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <liburing.h>

#define EXPORT __attribute__((visibility("default")))

/* A ring of `entries` submission slots, or NULL with the error number in *error. */
EXPORT void *akasha_uring_open(int32_t entries, int32_t *error) {
    struct io_uring *ring = malloc(sizeof *ring);
    if (ring == NULL) {
        *error = ENOMEM;
        return NULL;
    }
    int result = io_uring_queue_init((unsigned) entries, ring, 0);
    if (result < 0) {
        free(ring);
        *error = -result;
        return NULL;
    }
    *error = 0;
    return ring;
}

/*
 * Reads request i into buffers[i] (lengths[i] bytes from offsets[i]) for i < count, all
 * submitted before any is waited for, and returns when every one has completed: 0 when each
 * read all its bytes, else -1 - i for the first request i that did not (its result in *result:
 * a negative errno or the short byte count), or -errno-of-the-ring - 1000000 when submitting or
 * waiting failed. Every submitted read is reaped before returning, even after a failure, so the
 * kernel never writes into a buffer the caller has reused.
 */
EXPORT int32_t akasha_uring_read_batch(void *handle, int32_t fd, int32_t count, const int64_t *offsets,
                                       void *const *buffers, const int32_t *lengths, int32_t *result) {
    struct io_uring *ring = handle;
    for (int32_t i = 0; i < count; i++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
        if (sqe == NULL) {
            return -1000000 - EBUSY; /* count exceeds the ring: the Java side prevents it */
        }
        io_uring_prep_read(sqe, fd, buffers[i], (unsigned) lengths[i], (uint64_t) offsets[i]);
        io_uring_sqe_set_data64(sqe, (uint64_t) i);
    }
    int32_t submitted = 0;
    int32_t failure = 0;
    while (submitted < count) {
        int n = io_uring_submit(ring);
        if (n < 0 && n != -EINTR && n != -EAGAIN) {
            failure = -1000000 + n;
            break;
        }
        if (n > 0) {
            submitted += n;
        }
    }
    for (int32_t done = 0; done < submitted; done++) {
        struct io_uring_cqe *cqe;
        int n;
        do {
            n = io_uring_wait_cqe(ring, &cqe);
        } while (n == -EINTR);
        if (n < 0) {
            return -1000000 + n;
        }
        int32_t request = (int32_t) io_uring_cqe_get_data64(cqe);
        if (cqe->res != lengths[request] && failure == 0) {
            failure = -1 - request;
            *result = cqe->res;
        }
        io_uring_cqe_seen(ring, cqe);
    }
    return failure;
}

EXPORT void akasha_uring_close(void *handle) {
    io_uring_queue_exit(handle);
    free(handle);
}
