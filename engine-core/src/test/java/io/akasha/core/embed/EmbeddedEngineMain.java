package io.akasha.core.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;
import io.akasha.storage.Advice;
import io.akasha.storage.VectorsFile;

/**
 * What a host application does with the engine, run in a child JVM by {@link EmbedderContractTest}:
 * kernels, exact search, and a vectors file mapped through FFM with an access hint.
 */
public final class EmbeddedEngineMain {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("akasha-embed");
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        float[][] rows = new float[300][17];
        for (float[] row : rows) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        try (FloatVectors vectors = FloatVectors.of(rows)) {
            Path file = dir.resolve("v.akv");
            VectorsFile.write(file, vectors.dim(), vectors.count(), vectors.segment());
            try (VectorsFile mapped = VectorsFile.open(file);
                 FloatVectors view = FloatVectors.wrap(mapped.vectors(), mapped.dim(), (int) mapped.count());
                 FlatIndex index = new FlatIndex(view, Similarity.L2)) {
                boolean advised = mapped.mappedFile().advise(Advice.SEQUENTIAL);
                SearchResult result = index.search(rows[42], 5);
                System.out.println("kernel=" + VectorUtil.implementationOf(Kernel.DOT_PRODUCT_BULK).name());
                System.out.println("advised=" + advised);
                System.out.println("ids=" + Arrays.toString(result.ids()));
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
