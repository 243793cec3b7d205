package io.akasha.core.segment;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.StoredValueCodec;
import io.akasha.core.vector.FloatVectors;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.FileHeader;
import io.akasha.storage.SectionedFile;
import io.akasha.storage.SectionedFileWriter;

/**
 * Writes a sealed segment's rows to its data file ({@link SegmentFormat}) and opens such a file
 * as a {@link Segment} whose columns and vectors are read in place from the mapping: opening
 * reads the file's tables and null bitmaps, no rows.
 */
public final class SegmentFile {

    private SegmentFile() {
    }

    /** Writes every row of sealed {@code segment} to {@code target}: aside, forced, then renamed into place. */
    public static void write(Segment segment, Path target) throws IOException {
        if (!segment.isSealed()) {
            throw new IllegalStateException("segment " + segment.id() + " is still growing");
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        int rows = segment.rowCount();
        List<Field> fields = segment.schema().fields();
        try (SectionedFileWriter out = SectionedFileWriter.create(temporary, SegmentFormat.MAGIC, SegmentFormat.VERSION)) {
            out.beginSection(SegmentFormat.META_ID, SegmentFormat.META).i32(rows).i32(fields.size());
            for (Field field : fields) {
                out.i32(field.type().ordinal());
            }
            out.endSection();
            for (int f = 0; f < fields.size(); f++) {
                Field field = fields.get(f);
                if (field.isVector()) {
                    VectorColumn vectors = segment.vectors(f);
                    out.beginSection(f, SegmentFormat.RAW);
                    vectors.writeTo(out, rows, false);
                    out.endSection();
                    if (vectors.metric().normalizesVectors()) {
                        out.beginSection(f, SegmentFormat.UNIT);
                        vectors.writeTo(out, rows, true);
                        out.endSection();
                    }
                } else {
                    writeColumn(out, f, segment.column(f), rows);
                }
            }
            if (segment.dynamicColumn() != null) {
                writeColumn(out, fields.size(), segment.dynamicColumn(), rows);
            }
            out.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        DurableFiles.publish(temporary, target);
    }

    private static void writeColumn(SectionedFileWriter out, int id, Column column, int rows) throws IOException {
        long[] nulls = column.nullWords();
        if (nulls != null) {
            out.beginSection(id, SegmentFormat.NULLS);
            for (int w = 0; w < (rows + 63) >>> 6; w++) {
                out.i64(nulls[w]);
            }
            out.endSection();
        }
        switch (column) {
            case LongColumn longs -> {
                out.beginSection(id, SegmentFormat.LONGS);
                for (int row = 0; row < rows; row++) {
                    out.i64(longs.isNull(row) ? 0 : longs.getLong(row));
                }
                out.endSection();
            }
            case DoubleColumn doubles -> {
                out.beginSection(id, SegmentFormat.DOUBLES);
                for (int row = 0; row < rows; row++) {
                    out.f64(doubles.isNull(row) ? 0 : doubles.getDouble(row));
                }
                out.endSection();
            }
            case ObjectColumn objects -> {
                long[] offsets = new long[rows + 1];
                StoredValueCodec.Out value = new StoredValueCodec.Out();
                out.beginSection(id, SegmentFormat.VALUES);
                long start = out.position();
                for (int row = 0; row < rows; row++) {
                    offsets[row] = out.position() - start;
                    value.reset();
                    out.bytes(value.value(objects.get(row)).bytes());
                }
                offsets[rows] = out.position() - start;
                out.endSection().beginSection(id, SegmentFormat.OFFSETS);
                for (long offset : offsets) {
                    out.i64(offset);
                }
                out.endSection();
            }
        }
    }

    /**
     * Opens the data file of a sealed segment as a searchable segment (no index yet: the caller
     * opens or builds it), checking that it matches {@code schema}.
     *
     * @param deletedRows rows deleted as of the checkpoint that listed the file
     * @throws CorruptFileException if the file is damaged or does not match the schema
     */
    public static Segment open(Path path, int id, String partition, CollectionSchema schema,
                               Iterable<Integer> deletedRows) throws IOException {
        SectionedFile file = SectionedFile.open(path, "segment file", SegmentFormat.MAGIC,
                SegmentFormat.MIN_READABLE_VERSION, SegmentFormat.VERSION);
        try {
            MemorySegment meta = file.checkedSection(SegmentFormat.META_ID, SegmentFormat.META);
            int rows = meta.get(FileHeader.INT_LE, 0);
            List<Field> fields = schema.fields();
            if (meta.get(FileHeader.INT_LE, 4) != fields.size()) {
                throw new CorruptFileException(path + ": the file has " + meta.get(FileHeader.INT_LE, 4)
                        + " fields, the schema " + fields.size());
            }
            Column[] columns = new Column[fields.size()];
            VectorColumn[] vectors = new VectorColumn[fields.size()];
            for (int f = 0; f < fields.size(); f++) {
                Field field = fields.get(f);
                int stored = meta.get(FileHeader.INT_LE, 8 + 4L * f);
                if (stored != field.type().ordinal()) {
                    throw new CorruptFileException(path + ": field " + f + " ('" + field.name() + "') is stored as type #"
                            + stored + ", the schema says " + field.type());
                }
                if (field.isVector()) {
                    FloatVectors raw = FloatVectors.wrap(file.section(f, SegmentFormat.RAW), field.dimension(), rows);
                    FloatVectors unit = field.metric().normalizesVectors()
                            ? FloatVectors.wrap(file.section(f, SegmentFormat.UNIT), field.dimension(), rows) : null;
                    vectors[f] = new VectorColumn(field.metric(), raw, unit);
                } else {
                    columns[f] = openColumn(file, f, field.type(), field.nullable(), rows);
                }
            }
            ObjectColumn dynamic = schema.dynamicField()
                    ? (ObjectColumn) openColumn(file, fields.size(), DataType.JSON, true, rows) : null;
            return new Segment(id, partition, schema, rows, columns, vectors, dynamic,
                    RowVersions.loaded(rows, deletedRows, 1), file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static Column openColumn(SectionedFile file, int id, DataType type, boolean nullable, int rows)
            throws IOException {
        long[] nulls = null;
        if (nullable) {
            MemorySegment words = file.checkedSection(id, SegmentFormat.NULLS);
            nulls = new long[(rows + 63) >>> 6];
            MemorySegment.copy(words, FileHeader.LONG_LE, 0, nulls, 0, nulls.length);
        }
        return switch (type) {
            case BOOL, INT8, INT16, INT32, INT64 -> new LongColumn(type == DataType.BOOL, nulls,
                    file.checkedSection(id, SegmentFormat.LONGS));
            case FLOAT, DOUBLE -> new DoubleColumn(nulls, file.checkedSection(id, SegmentFormat.DOUBLES));
            case VARCHAR, JSON, ARRAY -> new ObjectColumn(nulls, file.checkedSection(id, SegmentFormat.OFFSETS),
                    file.checkedSection(id, SegmentFormat.VALUES));
            case FLOAT_VECTOR -> throw new IllegalArgumentException("vectors live in a VectorColumn");
        };
    }
}
