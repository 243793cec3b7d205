package io.akasha.hnsw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which nodes of a growable index may appear in results: those whose insert has returned and
 * which are not deleted. Written with release and read with acquire semantics, so a search that
 * sees a node as live also sees its vector and links.
 */
final class NodeStates {

    // 0: not inserted yet (the array's initial value).
    private static final byte LIVE = 1;
    private static final byte DELETED = 2;
    private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[].class);

    private final byte[] states;

    NodeStates(int capacity) {
        this.states = new byte[capacity];
    }

    void markLive(int node) {
        BYTES.setRelease(states, node, LIVE);
    }

    void markDeleted(int node) {
        BYTES.setRelease(states, node, DELETED);
    }

    boolean isLive(int node) {
        return (byte) BYTES.getAcquire(states, node) == LIVE;
    }
}
