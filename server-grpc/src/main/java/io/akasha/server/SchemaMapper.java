package io.akasha.server;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.akasha.core.AkashaException;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.vector.Similarity;
import io.akasha.server.v1.CollectionSchema;
import io.akasha.server.v1.FieldSchema;
import io.akasha.server.v1.Metric;

/**
 * Schemas between the API ({@code akasha.v1.CollectionSchema}) and the engine: one
 * {@link Field} per {@link FieldSchema}, checked by the engine's schema builder, which names the
 * field at fault.
 */
final class SchemaMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaMapper() {
    }

    static io.akasha.core.schema.CollectionSchema toEngine(CollectionSchema schema) {
        if (schema.getFieldsCount() == 0) {
            throw AkashaException.invalid("schema: no fields given");
        }
        io.akasha.core.schema.CollectionSchema.Builder builder = io.akasha.core.schema.CollectionSchema.builder();
        for (FieldSchema field : schema.getFieldsList()) {
            builder.field(toEngine(field));
        }
        if (schema.getEnableDynamicField()) {
            builder.enableDynamicField();
        }
        if (schema.getPartitionKeyPartitions() > 0) {
            builder.partitionKeyPartitions(schema.getPartitionKeyPartitions());
        }
        return builder.build();
    }

    private static Field toEngine(FieldSchema field) {
        DataType type = dataType(field.getType(), field.getName(), "type");
        DataType elementType = field.getType() == io.akasha.server.v1.DataType.ARRAY
                ? dataType(field.getElementType(), field.getName(), "element_type") : null;
        Similarity metric = type == DataType.FLOAT_VECTOR ? metric(field.getMetric(), field.getName()) : null;
        IndexSpec index = type == DataType.FLOAT_VECTOR ? toEngine(field.getIndex()) : null;
        Object defaultValue = null;
        if (field.hasDefaultJson()) {
            try {
                defaultValue = JSON.readValue(field.getDefaultJson(), Object.class);
            } catch (JsonProcessingException e) {
                throw AkashaException.invalid("field '" + field.getName() + "': default_json is not JSON: "
                        + e.getOriginalMessage());
            }
        }
        return new Field(field.getName(), type, elementType, field.getMaxLength(), field.getMaxCapacity(),
                field.getDimension(), metric, index, field.getNullable(), defaultValue, field.getPrimaryKey(),
                field.getAutoId(), field.getPartitionKey());
    }

    /** An index spec as the engine takes it: AUTOINDEX when the type is unset. */
    static IndexSpec toEngine(io.akasha.server.v1.IndexSpec index) {
        return index.getType().isEmpty() ? IndexSpec.auto() : IndexSpec.of(index.getType(), index.getParamsMap());
    }

    static io.akasha.server.v1.IndexSpec toApi(IndexSpec index) {
        return io.akasha.server.v1.IndexSpec.newBuilder().setType(index.type()).putAllParams(index.parameters()).build();
    }

    static CollectionSchema toApi(io.akasha.core.schema.CollectionSchema schema) {
        CollectionSchema.Builder builder = CollectionSchema.newBuilder()
                .setEnableDynamicField(schema.dynamicField())
                .setPartitionKeyPartitions(schema.partitionKey().isPresent() ? schema.partitionKeyPartitions() : 0);
        for (Field field : schema.fields()) {
            FieldSchema.Builder api = FieldSchema.newBuilder()
                    .setName(field.name())
                    .setType(io.akasha.server.v1.DataType.valueOf(field.type().name()))
                    .setMaxLength(field.maxLength())
                    .setMaxCapacity(field.maxCapacity())
                    .setDimension(field.dimension())
                    .setNullable(field.nullable())
                    .setPrimaryKey(field.primaryKey())
                    .setAutoId(field.autoId())
                    .setPartitionKey(field.partitionKey());
            if (field.elementType() != null) {
                api.setElementType(io.akasha.server.v1.DataType.valueOf(field.elementType().name()));
            }
            if (field.metric() != null) {
                api.setMetric(Metric.valueOf(field.metric().name()));
            }
            if (field.index() != null) {
                api.setIndex(toApi(field.index()));
            }
            if (field.defaultValue() != null) {
                try {
                    api.setDefaultJson(JSON.writeValueAsString(field.defaultValue()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a stored default is always JSON-writable", e);
                }
            }
            builder.addFields(api);
        }
        return builder.build();
    }

    private static DataType dataType(io.akasha.server.v1.DataType type, String field, String what) {
        if (type == io.akasha.server.v1.DataType.DATA_TYPE_UNSPECIFIED || type == io.akasha.server.v1.DataType.UNRECOGNIZED) {
            throw AkashaException.invalid("field '" + field + "': " + what + " is not set");
        }
        return DataType.valueOf(type.name());
    }

    private static Similarity metric(Metric metric, String field) {
        if (metric == Metric.METRIC_UNSPECIFIED || metric == Metric.UNRECOGNIZED) {
            throw AkashaException.invalid("field '" + field + "': a FLOAT_VECTOR field needs a metric (L2, IP or COSINE)");
        }
        return Similarity.valueOf(metric.name());
    }
}
