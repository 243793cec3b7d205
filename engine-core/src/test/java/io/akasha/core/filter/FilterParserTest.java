package io.akasha.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.akasha.core.Akasha;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

class FilterParserTest {

    private static final CollectionSchema SCHEMA = CollectionSchema.builder()
            .field(Field.int64("id").asPrimaryKey())
            .field(Field.floatVector("v", 2, Similarity.L2))
            .field(Field.int32("age"))
            .field(Field.varchar("name", 16))
            .field(Field.bool("ok"))
            .field(Field.json("meta"))
            .field(Field.array("tags", DataType.INT64, 4))
            .build();

    private static Akasha akasha;
    private static Collection people;

    @BeforeAll
    static void load() {
        akasha = Akasha.inMemory();
        people = akasha.createCollection("people", SCHEMA);
        people.insert(List.of(
                row(1, 10, "ann", true, Map.of("a", 1, "b", Map.of("c", "x")), List.of(1, 2)),
                row(2, 20, "bob", false, Map.of("a", "s"), List.of()),
                row(3, 30, "al%", true, List.of(5), List.of(3)),
                row(4, 40, "cy", false, Map.of("a", 2.5), List.of(1, 3))));
    }

    @AfterAll
    static void close() {
        akasha.close();
    }

    private static Map<String, Object> row(long id, int age, String name, boolean ok, Object meta, List<Integer> tags) {
        return Map.of("id", id, "v", new float[] {id, 0}, "age", age, "name", name, "ok", ok, "meta", meta, "tags", tags);
    }

    private static List<Object> ids(String filter) {
        return people.query(QueryRequest.builder().filter(filter).outputFields("id").build()).stream()
                .map(r -> r.get("id")).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "age > 15 and age < 35 or id == 1 => 1,2,3",
        "age > 15 and (age < 35 or id == 1) => 2,3",
        "not age > 15 or ok => 1,3",
        "10 < age <= 30 => 2,3",
        "age in [10, 40] && name not in ['ann'] => 4",
        "name like 'a%' => 1,3",
        "name like 'al\\%' => 3",
        "name like '_o_' => 2",
        "meta['a'] == 1 => 1",
        "meta[\"b\"][\"c\"] == 'x' => 1",
        "meta['a'] > 2 => 4",
        "not (meta['a'] > 2) => 1",
        "meta[0] == 5 => 3",
        "array_contains(tags, 3) => 3,4",
        "array_contains_all(tags, [1, 3]) => 4",
        "array_contains_any(tags, [2, 3]) => 1,3,4",
        "array_length(tags) == 0 => 2",
        "tags[1] == 3 => 4",
        "age * 2 + 1 == 41 || age % 20 == 0 && id > 2 => 2,4",
        "2 ** 3 < age / 3 => 3,4",
        "-age < -25 => 3,4",
        "ok == true => 1,3",
        "meta is null => ''",
        "meta['zzz'] is null => 1,2,3,4",
        "meta['a'] is not null => 1,2,4",
        "id == 1 || id == 2 OR id == 3 => 1,2,3",
        "! (id >= 2) => 1",
    })
    void evaluatesLikeMilvus(String filter, String expected) {
        List<Object> want = expected == null || expected.isBlank() ? List.of()
                : java.util.Arrays.stream(expected.split(",")).map(s -> (Object) Long.parseLong(s.trim())).toList();
        assertEquals(want, ids(filter.trim()), filter);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "age >                   | 5  | expected a field, a literal, a list, a function call or '(', found end of expression",
        "age = 5                 | 4  | '=' is not an operator: use '==' to compare",
        "(age > 1                | 8  | expected ')' to close the '(' at position 0, found end of expression",
        "age > 1 age             | 8  | expected 'and', 'or' or the end of the expression, found 'age'",
        "height > 1              | 0  | unknown field 'height'; the fields are id, age, name, ok, meta, tags",
        "name > 5                | 5  | cannot compare a string with an integer",
        "name like 5             | 10 | expected a quoted pattern after 'like', found '5'",
        "age like 'a%'           | 4  | 'like' needs a VARCHAR or JSON operand, not an integer",
        "array_contains(age, 1)  | 15 | array_contains needs an ARRAY or JSON field as its first argument, not an integer",
        "age + 1                 | 4  | expected a condition (a comparison, 'in', 'like', 'is null', a function or a boolean field)",
        "name == 'abc            | 8  | the string is not closed: expected '",
        "v > 1                   | 0  | vector field 'v' cannot be used in a filter",
        "ok < true               | 3  | booleans can only be compared with '==' or '!='",
        "age in [1, 'x']         | 11 | 'in' compares an integer with a string",
        "lower(name) == 'a'      | 0  | unknown function 'lower'; known: array_contains, array_contains_all, array_contains_any, array_length, json_contains, json_contains_all, json_contains_any",
        "age in 5                | 7  | expected a list like [1, 2, 3] after 'in', found '5'",
        "name + 1 > 2            | 0  | '+' needs numbers, not a string",
        "age > 99999999999999999999 | 6 | the integer 99999999999999999999 does not fit in 64 bits",
        "\"abc\"                 | 0  | expected a condition (a comparison, 'in', 'like', 'is null', a function or a boolean field)",
    })
    void reportsWhereAndWhat(String filter, int position, String problem) {
        FilterException e = assertThrows(FilterException.class, () -> Filter.compile(filter.trim(), SCHEMA));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid filter at position " + position + ": " + problem.trim() + "\n"),
                e.getMessage());
    }

    @Test
    void pointsAtTheErrorWithACaret() {
        FilterException e = assertThrows(FilterException.class, () -> Filter.compile("age >> 3", SCHEMA));
        assertEquals("invalid filter at position 5: expected a field, a literal, a list, a function call or '(', "
                + "found '>'\n  age >> 3\n       ^", e.getMessage());
    }

    @Test
    void refusesNestingBeyondTheLimitButNotLongFlatChains() {
        String deep = "(".repeat(FilterParser.MAX_DEPTH + 1) + "age > 1" + ")".repeat(FilterParser.MAX_DEPTH + 1);
        FilterException e = assertThrows(FilterException.class, () -> Filter.compile(deep, SCHEMA));
        assertTrue(e.getMessage().contains("nests deeper than " + FilterParser.MAX_DEPTH), e.getMessage());
        String chain = "id == 0" + " or id == 1".repeat(5_000);
        assertEquals(List.of(1L), ids(chain));
    }

    @Test
    void anEmptyExpressionIsRefused() {
        FilterException e = assertThrows(FilterException.class, () -> Filter.compile("   ", SCHEMA));
        assertEquals(0, e.position());
        assertTrue(e.getMessage().contains("the expression is empty"), e.getMessage());
    }
}
