package io.akasha.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.akasha.core.AkashaException;
import io.akasha.server.v1.FloatVectors;

/** Vectors as the API carries them: packed little-endian float32, {@code count x dimension x 4} bytes. */
public final class PackedVectors {

    private PackedVectors() {
    }

    /** Packs {@code vectors}, each of {@code dimension} floats. */
    public static FloatVectors pack(List<float[]> vectors, int dimension) {
        ByteBuffer bytes = ByteBuffer.allocate(vectors.size() * dimension * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        vectors.forEach(floats::put);
        // The array is ours and never written again, so the message may share it.
        return FloatVectors.newBuilder().setDimension(dimension)
                .setData(UnsafeByteOperations.unsafeWrap(bytes.array())).build();
    }

    /**
     * Unpacks one array per vector.
     *
     * @param what names the message field in errors
     * @throws AkashaException INVALID_ARGUMENT for a non-positive dimension or a byte count that is
     *                         not a whole number of vectors
     */
    public static List<float[]> unpack(FloatVectors packed, String what) {
        int dimension = packed.getDimension();
        ByteString data = packed.getData();
        if (dimension <= 0) {
            throw AkashaException.invalid(what + ": vector dimension must be positive, got " + dimension);
        }
        if (data.size() % (4L * dimension) != 0) {
            throw AkashaException.invalid(what + ": " + data.size() + " bytes is not a whole number of "
                    + dimension + "-dimensional float32 vectors (" + 4 * dimension + " bytes each)");
        }
        FloatBuffer floats = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int count = data.size() / (4 * dimension);
        List<float[]> vectors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] vector = new float[dimension];
            floats.get(vector);
            vectors.add(vector);
        }
        return vectors;
    }
}
