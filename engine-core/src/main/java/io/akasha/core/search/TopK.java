package io.akasha.core.search;

/**
 * Keeps the {@code k} best (score, id) pairs seen, larger score first, ties to the lower id.
 *
 * <p>Each pair is packed into one {@code long}: the score's bits made order-preserving in the
 * high half and the complemented id in the low half, so one signed comparison orders by score
 * and then by id, and the heap is a plain {@code long[]} with no boxing. A min-heap of capacity
 * {@code k}: its top is the worst kept pair, the one a better candidate evicts.
 */
public final class TopK {

    private final long[] heap;
    private int size;

    public TopK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        heap = new long[k];
    }

    /** Packs a pair so that a larger long means a better pair. */
    public static long encode(float score, int id) {
        int bits = Float.floatToIntBits(score);
        // Flip the magnitude bits of negative floats so that integer order equals float order.
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | (~id & 0xffffffffL);
    }

    public static float decodeScore(long encoded) {
        int bits = (int) (encoded >> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    public static int decodeId(long encoded) {
        return ~(int) encoded;
    }

    /** Offers a candidate; returns whether it was kept. */
    public boolean offer(float score, int id) {
        return offer(encode(score, id));
    }

    /** Offers an already {@linkplain #encode encoded} candidate; returns whether it was kept. */
    public boolean offer(long candidate) {
        if (size < heap.length) {
            heap[size] = candidate;
            siftUp(size++);
            return true;
        }
        if (candidate <= heap[0]) {
            return false;
        }
        heap[0] = candidate;
        siftDown();
        return true;
    }

    /**
     * The score a candidate must reach to have a chance of being kept: the worst kept score when
     * full, negative infinity before. A candidate scoring exactly this may still win on a lower id,
     * so callers filter with {@code score >= threshold()} and let {@link #offer} decide.
     */
    public float threshold() {
        return size < heap.length ? Float.NEGATIVE_INFINITY : decodeScore(heap[0]);
    }

    public int size() {
        return size;
    }

    /** The most pairs kept, k. */
    public int capacity() {
        return heap.length;
    }

    /** The kept pairs, best first. Leaves this collector empty. */
    public SearchResult drain() {
        int n = size;
        int[] ids = new int[n];
        float[] scores = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            long worst = heap[0];
            ids[i] = decodeId(worst);
            scores[i] = decodeScore(worst);
            heap[0] = heap[--size];
            siftDown();
        }
        return new SearchResult(ids, scores);
    }

    private void siftUp(int index) {
        long value = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (heap[parent] <= value) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = value;
    }

    private void siftDown() {
        long value = heap[0];
        int index = 0;
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && heap[right] < heap[child]) {
                child = right;
            }
            if (value <= heap[child]) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = value;
    }
}
