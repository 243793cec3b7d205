package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;
import io.akasha.storage.DurableLog;

/** Data directories written by earlier builds (committed fixtures) open with this one. */
class FormatFixturesTest {

    @TempDir
    Path dir;

    private Path copyOf(String fixture) throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/fixtures/" + fixture).toURI());
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().startsWith("MakeFixture")
                        && !file.getFileName().toString().equals("README.md")) {
                    Files.copy(file, target);
                }
            }
        }
        return dir;
    }

    @Test
    void layoutOneWithItsSingleLogFileOpensAndKeepsEveryRow() throws Exception {
        Path data = copyOf("layout-1");
        for (int open = 0; open < 2; open++) {
            try (Akasha akasha = Akasha.open(data)) {
                Collection docs = akasha.collection("docs");
                List<Map<String, Object>> rows = docs.query(QueryRequest.builder().filter("id > 0")
                        .outputFields("title", "price", "v", "extra").build());
                assertEquals(List.of(1L, 2L, 4L), rows.stream().map(r -> r.get("id")).toList());
                assertEquals(List.of("a", "b2", "old"), rows.stream().map(r -> r.get("title")).toList());
                assertArrayEquals(new float[] {3, 4, 0}, (float[]) rows.getFirst().get("v"));
                assertEquals(true, rows.getFirst().get("extra"));
                assertEquals(List.of("_default", "archive"), docs.listPartitions());
                assertEquals(List.of("price"), docs.describe().scalarIndexedFields());
            }
        }
        assertFalse(Files.exists(data.resolve("collections/docs/wal.log")), "the single log was moved");
        assertFalse(Files.exists(data.resolve("catalog.json")), "the catalog file was imported into the catalog");
        assertTrue(Files.exists(data.resolve("catalog/data.mdb")));
        assertTrue(Files.exists(data.resolve("collections/docs/wal").resolve(DurableLog.fileName(1))));
    }
}
