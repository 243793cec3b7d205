package io.akasha.core.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/**
 * The embedding example in the README is this code: the test runs it, checks what it prints,
 * and checks that the README shows exactly these lines.
 */
class ReadmeExampleTest {

    private static final String START = "// README example: start";
    private static final String END = "// README example: end";

    static void example() {
        // README example: start
        try (Akasha akasha = Akasha.inMemory()) {
            Collection books = akasha.createCollection("books", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("embedding", 3, Similarity.COSINE))
                    .field(Field.varchar("title", 200))
                    .field(Field.int32("year"))
                    .build());
            books.insert(List.of(
                    Map.of("id", 1L, "embedding", new float[] {0.1f, 0.9f, 0.2f}, "title", "Dune", "year", 1965),
                    Map.of("id", 2L, "embedding", new float[] {0.8f, 0.1f, 0.3f}, "title", "Neuromancer", "year", 1984),
                    Map.of("id", 3L, "embedding", new float[] {0.2f, 0.8f, 0.1f}, "title", "Hyperion", "year", 1989)));
            List<Hit> hits = books.search(SearchRequest.builder()
                    .vector(new float[] {0.1f, 0.8f, 0.2f})
                    .limit(2)
                    .filter("year > 1970")
                    .outputFields("title")
                    .build()).getFirst();
            for (Hit hit : hits) {
                System.out.printf("%d %s %.3f%n", (Long) hit.id(), hit.fields().get("title"), hit.score());
            }
        }
        // README example: end
    }

    @Test
    void theReadmeExampleRunsAndPrintsTheFilteredNeighbours() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            example();
        } finally {
            System.setOut(original);
        }
        assertEquals(List.of("3 Hyperion 0.986", "2 Neuromancer 0.308"),
                printed.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void theReadmeShowsThisExample() throws IOException {
        Path root = Path.of(System.getProperty("akasha.home", "..")).toAbsolutePath().normalize();
        String source = Files.readString(Path.of("src/test/java/io/akasha/core/embed/ReadmeExampleTest.java"));
        int from = source.indexOf("\n", source.indexOf("        " + START)) + 1;
        String body = source.substring(from, source.indexOf("        " + END));
        String readme = Files.readString(root.resolve("README.md"));
        String unindented = body.lines().filter(line -> !line.isBlank()).map(line -> line.substring(8))
                .reduce((a, b) -> a + "\n" + b).orElseThrow();
        assertTrue(readme.contains(unindented), "README.md must show the example exactly as tested:\n" + unindented);
    }
}
