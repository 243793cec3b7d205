package io.akasha.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.collection.Collection;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;
import picocli.CommandLine;

/** {@code ./akasha verify}: 0 for an intact directory, 1 naming the damaged file, 2 when it is in use. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run verify() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new VerifyCommand()).execute(dir.toString());
            return new Run(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void intactDamagedAndBusyDirectories() throws IOException {
        try (Akasha akasha = Akasha.open(dir)) {
            Collection c = akasha.createCollection("docs", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", 16, Similarity.L2))
                    .build());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                float[] v = new float[16];
                v[i % 16] = i;
                rows.add(Map.of("id", (long) i, "v", v));
            }
            c.insert(rows);
            c.flush();
        }
        Run intact = verify();
        assertEquals(0, intact.exit(), intact.output());
        assertTrue(intact.output().contains("1 collections, every block intact"), intact.output());

        try (Akasha busy = Akasha.open(dir)) {
            Run inUse = verify();
            assertEquals(2, inUse.exit(), inUse.output());
        }

        Path data;
        try (Stream<Path> walk = Files.walk(dir)) {
            data = walk.filter(p -> p.getFileName().toString().equals("data.aks")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(data, bytes);
        Run damaged = verify();
        assertEquals(1, damaged.exit(), damaged.output());
        assertTrue(damaged.output().contains(data.toAbsolutePath() + ": the block of "), damaged.output());
    }
}
