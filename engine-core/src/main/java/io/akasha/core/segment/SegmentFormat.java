package io.akasha.core.segment;

/**
 * The data file of a sealed segment: a {@link io.akasha.storage.SectionedFileFormat} file with
 * magic {@value #MAGIC}, little-endian throughout. Sections are keyed by (id, kind): the id is the
 * field's position in the schema, {@code fields} for the dynamic field, {@value #META_ID} for the
 * segment's description.
 *
 * <pre>
 * META     (id -1)   rows u32, fields u32, then per field its DataType ordinal u32
 * NULLS    (field)   the null bitmap, (rows + 63) / 64 int64 words, bit i = row i is null;
 *                    present only for nullable fields
 * LONGS    (field)   BOOL (0/1) and INT8..INT64: one int64 per row (0 for a null row)
 * DOUBLES  (field)   FLOAT and DOUBLE: one float64 per row (a FLOAT is stored as the double it was widened to)
 * OFFSETS  (field)   VARCHAR, JSON, ARRAY and the dynamic field: rows + 1 int64 offsets into VALUES
 * VALUES   (field)   the values back to back, as {@link io.akasha.core.schema.StoredValueCodec} writes them
 * RAW      (field)   FLOAT_VECTOR: rows * dim float32, exactly as inserted
 * UNIT     (field)   FLOAT_VECTOR with COSINE: the same vectors normalized to unit length (what searches score)
 * </pre>
 *
 * Deleted rows are not in this file (it never changes once written) but in a deletions file per
 * checkpoint ({@link DeletionsFile}); the vector index is a file of its index type.
 */
public final class SegmentFormat {

    public static final String MAGIC = "AKSEGDAT";
    public static final int VERSION = 1;
    public static final int MIN_READABLE_VERSION = 1;

    static final int META_ID = -1;
    static final int META = 0;
    static final int NULLS = 1;
    static final int LONGS = 2;
    static final int DOUBLES = 3;
    static final int OFFSETS = 4;
    static final int VALUES = 5;
    static final int RAW = 6;
    static final int UNIT = 7;

    private SegmentFormat() {
    }
}
