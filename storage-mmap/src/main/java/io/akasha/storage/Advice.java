package io.akasha.storage;

/**
 * Access-pattern hints for mapped memory, passed to the kernel with {@code madvise(2)}. The
 * values are Linux's (and, for the first five, also macOS's and the BSDs').
 */
public enum Advice {
    /** No special treatment: the kernel's default read-ahead. */
    NORMAL(0),
    /** Random access (graphs): read-ahead off, so a hop reads one page, not a window. */
    RANDOM(1),
    /** Sequential access (scans): aggressive read-ahead, pages freed soon after use. */
    SEQUENTIAL(2),
    /** Will be needed soon: start reading the pages in now. */
    WILL_NEED(3),
    /** Not needed soon: the kernel may drop the pages (clean file pages are re-read on access). */
    DONT_NEED(4),
    /** Back with transparent huge pages (Linux only; refused elsewhere and where they are off). */
    HUGE_PAGE(14);

    final int code;

    Advice(int code) {
        this.code = code;
    }
}
