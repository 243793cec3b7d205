package io.akasha.core.graph;

import java.util.Arrays;

import io.akasha.core.search.TopK;

/**
 * A binary heap of (score, node) pairs packed into longs ({@link TopK#encode}: larger means a
 * higher score, ties to the lower node), growing as needed, allocation-free once grown. A
 * {@linkplain #bestFirst() best-first} queue pops the best pair (a search's candidates); a
 * {@linkplain #worstFirst() worst-first} queue pops the worst (a search's results, where the worst
 * is what a better pair evicts). Both are one min-heap: the best-first one stores each packed pair
 * complemented, which reverses the order.
 */
public final class NodeQueue {

    private final long flip;
    private long[] heap;
    private int size;

    private NodeQueue(boolean bestFirst, int capacity) {
        this.flip = bestFirst ? -1L : 0L;
        this.heap = new long[Math.max(capacity, 16)];
    }

    public static NodeQueue bestFirst(int capacity) {
        return new NodeQueue(true, capacity);
    }

    public static NodeQueue worstFirst(int capacity) {
        return new NodeQueue(false, capacity);
    }

    public void push(float score, int node) {
        pushEncoded(TopK.encode(score, node));
    }

    public void pushEncoded(long encoded) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        long value = encoded ^ flip;
        int index = size++;
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

    /** The packed pair at the top (the best for best-first, the worst for worst-first). */
    public long peekEncoded() {
        return heap[0] ^ flip;
    }

    public float topScore() {
        return TopK.decodeScore(peekEncoded());
    }

    public int topNode() {
        return TopK.decodeId(peekEncoded());
    }

    /** Removes and returns the packed pair at the top. */
    public long popEncoded() {
        long top = heap[0];
        long last = heap[--size];
        int index = 0;
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && heap[right] < heap[child]) {
                child = right;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        if (size > 0) {
            heap[index] = last;
        }
        return top ^ flip;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        size = 0;
    }
}
