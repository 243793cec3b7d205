package io.akasha.core.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;

/**
 * Fuzzes the filter language for a bounded time ({@code akasha.fuzz.seconds}, 60 by default)
 * with a fresh seed each run (logged; {@code akasha.fuzz.seed} replays one): random token
 * streams, valid expressions from {@link ReferenceFilters} mutated by deleting, inserting,
 * replacing and duplicating pieces, raw random characters, and pathological nesting. Every
 * input is parsed, checked and, when accepted, run against real segments; the only exception
 * allowed out is {@link FilterException}.
 */
class FilterFuzzTest {

    private static final Logger LOG = Logger.getLogger(FilterFuzzTest.class.getName());

    private static final String[] VOCABULARY = {
        "b", "i8", "i32", "i64", "f", "d", "s", "j", "ai", "as", "v", "id", "dk", "dflag", "$meta", "nope", "_x",
        "and", "AND", "&&", "or", "||", "not", "NOT", "!", "in", "like", "is", "null", "true", "False",
        "array_contains", "array_contains_any", "array_contains_all", "array_length", "json_contains", "foo",
        "(", ")", "[", "]", ",", "==", "!=", "<", "<=", ">", ">=", "=", "&", "|", "+", "-", "*", "/", "%", "**",
        "0", "1", "-7", "42", "3.5", ".5", "1e3", "1e", "1e400", "99999999999999999999", "9223372036854775807",
        "\"a\"", "'b'", "\"a%\"", "\"\\u00e9\"", "\"\\q\"", "\"open", "'", "\"\\", "[\"a\"]", "[0]", "[-1]",
        "\t", "\n", " ", "#", "@", "\u0000", "\uD83D\uDE00", "é"
    };

    @Test
    void theParserThrowsOnlyItsOwnErrorType() {
        long seconds = Long.getLong("akasha.fuzz.seconds", 60);
        long seed = Long.getLong("akasha.fuzz.seed", System.nanoTime());
        LOG.info("filter fuzzing for " + seconds + " s with seed " + seed + " (replay: -Dakasha.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        RandomSchemas.Shape shape = new RandomSchemas.Shape(
                new TreeSet<>(Set.of("b", "i8", "i32", "i64", "f", "d", "s", "j", "ai", "as")),
                new TreeSet<>(Set.of("i32", "s", "j")), true, io.akasha.core.vector.Similarity.L2);
        ReferenceFilters valid = new ReferenceFilters(random, shape);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long inputs = 0;
        long accepted = 0;
        try (Akasha akasha = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(16).withIndexThreads(1))) {
            Collection collection = akasha.createCollection("fuzz", shape.schema());
            List<java.util.Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                rows.add(RandomSchemas.row(random, shape, i).input());
            }
            collection.insert(rows);
            collection.flush();
            collection.createScalarIndex("i64");
            collection.createScalarIndex("s");
            collection.insert(List.of(RandomSchemas.row(random, shape, 100).input()));
            while (System.nanoTime() < deadline) {
                String input = switch ((int) (inputs % 4)) {
                    case 0 -> tokenSoup(random);
                    case 1 -> mutate(random, valid.condition(3).text());
                    case 2 -> randomCharacters(random);
                    default -> random.nextInt(20) == 0 ? pathological(random) : mutate(random, valid.condition(2).text());
                };
                inputs++;
                try {
                    collection.query(QueryRequest.builder().filter(input).limit(5).build());
                    accepted++;
                } catch (FilterException expected) {
                    // The parser's own error: what every bad input must produce.
                } catch (Throwable unexpected) {
                    fail("seed " + seed + ", input " + inputs + " " + quote(input) + " threw " + unexpected, unexpected);
                }
            }
        }
        LOG.info("filter fuzzing: " + inputs + " inputs, " + accepted + " accepted");
        assertTrue(inputs > 1000, "only " + inputs + " inputs in " + seconds + " s");
        assertTrue(accepted > 0, "no input was accepted: the fuzzer only exercises the error paths");
    }

    private static String tokenSoup(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(30); i < n; i++) {
            out.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            if (random.nextInt(4) > 0) {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static String mutate(Random random, String text) {
        StringBuilder out = new StringBuilder(text);
        for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
            int at = out.isEmpty() ? 0 : random.nextInt(out.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (!out.isEmpty()) {
                        int from = Math.min(at, out.length() - 1);
                        out.delete(from, Math.min(out.length(), from + 1 + random.nextInt(6)));
                    }
                }
                case 1 -> out.insert(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                case 2 -> {
                    if (!out.isEmpty()) {
                        out.setCharAt(Math.min(at, out.length() - 1), (char) (32 + random.nextInt(95)));
                    }
                }
                case 3 -> {
                    int from = random.nextInt(out.length() + 1);
                    int to = Math.min(out.length(), from + random.nextInt(12));
                    out.insert(at, out.substring(from, to));
                }
                default -> out.setLength(at);
            }
        }
        return out.toString();
    }

    private static String randomCharacters(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = random.nextInt(40); i < n; i++) {
            out.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : (char) (32 + random.nextInt(95)));
        }
        return out.toString();
    }

    private static String pathological(Random random) {
        int n = 1 + random.nextInt(600);
        return switch (random.nextInt(6)) {
            case 0 -> "(".repeat(n) + "i64 > 1" + ")".repeat(n);
            case 1 -> "not ".repeat(n) + "b";
            case 2 -> "i64 " + "+ 1 ".repeat(n) + "> 3";
            case 3 -> "-".repeat(n) + "1 < i64";
            case 4 -> "i64 == 1" + " or i64 == 2".repeat(n);
            default -> "2 " + "** 2 ".repeat(n) + "< f";
        };
    }

    private static String quote(String input) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : input.toCharArray()) {
            out.append(c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
