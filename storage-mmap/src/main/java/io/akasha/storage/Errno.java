package io.akasha.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library's {@code errno} as FFM downcalls capture it ({@link #CAPTURE}), read from the
 * captured state and described with {@code strerror}, for the messages of failed system calls.
 */
final class Errno {

    /** Pass to a downcall handle so that its first argument receives the call's errno. */
    static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    /** EINTR: the call was interrupted by a signal and may be retried. */
    static final int EINTR = 4;

    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = Linker.nativeLinker().defaultLookup().find("strerror")
            .map(symbol -> Linker.nativeLinker().downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
            .orElse(null);

    private Errno() {
    }

    /** Memory for one call's captured state. */
    static MemorySegment state(Arena arena) {
        return arena.allocate(STATE);
    }

    static int of(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** For example "Invalid argument (errno 22)". */
    static String describe(MemorySegment state) {
        int code = of(state);
        if (STRERROR == null) {
            return "errno " + code;
        }
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(code);
            return message.reinterpret(256).getString(0) + " (errno " + code + ")";
        } catch (Throwable e) {
            return "errno " + code;
        }
    }
}
