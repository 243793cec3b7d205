package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.akasha.core.AkashaException;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.ValueConverter;
import io.akasha.core.segment.Segment;

/**
 * Which fields a read returns, resolved once per request: {@code *} is every declared field
 * plus every dynamic key; {@code $meta} every dynamic key; another name is a declared field or,
 * with a dynamic field, a dynamic key (returned when the row has it). Dynamic keys appear
 * beside the declared fields, as Milvus returns them.
 */
final class OutputFields {

    private final CollectionSchema schema;
    private final List<Integer> fields;
    private final boolean allDynamicKeys;
    private final List<String> dynamicKeys;

    private OutputFields(CollectionSchema schema, List<Integer> fields, boolean allDynamicKeys, List<String> dynamicKeys) {
        this.schema = schema;
        this.fields = fields;
        this.allDynamicKeys = allDynamicKeys;
        this.dynamicKeys = dynamicKeys;
    }

    static OutputFields resolve(CollectionSchema schema, List<String> names) {
        boolean[] chosen = new boolean[schema.fields().size()];
        chosen[schema.fields().indexOf(schema.primaryKey())] = true;
        boolean allDynamic = false;
        List<String> dynamicKeys = new ArrayList<>();
        for (String name : names) {
            if ("*".equals(name)) {
                java.util.Arrays.fill(chosen, true);
                allDynamic = schema.dynamicField();
            } else if (CollectionSchema.DYNAMIC_FIELD.equals(name) && schema.dynamicField()) {
                allDynamic = true;
            } else if (name != null && schema.field(name).isPresent()) {
                chosen[schema.fields().indexOf(schema.field(name).get())] = true;
            } else if (QueryRequest.COUNT.equals(name)) {
                throw AkashaException.invalid("count(*) is a query of its own: ask for it as the only output field "
                        + "of a query");
            } else if (schema.dynamicField() && name != null) {
                dynamicKeys.add(name);
            } else {
                throw AkashaException.invalid("unknown output field '" + name + "'; the fields are "
                        + schema.fields().stream().map(Field::name).toList());
            }
        }
        List<Integer> fields = new ArrayList<>();
        for (int f = 0; f < chosen.length; f++) {
            if (chosen[f]) {
                fields.add(f);
            }
        }
        return new OutputFields(schema, List.copyOf(fields), allDynamic, List.copyOf(dynamicKeys));
    }

    /** The chosen fields of {@code row}, the primary key first. */
    Map<String, Object> project(Segment segment, int row) {
        return project(segment, row, true);
    }

    /** Only the non-key fields, for search hits (whose key is the hit's id). */
    Map<String, Object> projectWithoutKey(Segment segment, int row) {
        return project(segment, row, false);
    }

    private Map<String, Object> project(Segment segment, int row, boolean withKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int f : fields) {
            Field field = schema.fields().get(f);
            if (!withKey && field.primaryKey()) {
                continue;
            }
            Object stored = field.isVector() ? segment.vector(f, row) : segment.column(f).get(row);
            out.put(field.name(), field.isVector() ? stored : ValueConverter.output(field, stored));
        }
        if (segment.dynamicColumn() != null && (allDynamicKeys || !dynamicKeys.isEmpty())
                && segment.dynamicColumn().get(row) instanceof Map<?, ?> dynamic) {
            for (Map.Entry<?, ?> entry : dynamic.entrySet()) {
                if (allDynamicKeys || dynamicKeys.contains(entry.getKey())) {
                    out.put((String) entry.getKey(), entry.getValue());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
