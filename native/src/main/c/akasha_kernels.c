/*
 * Akasha's native distance kernels, called from Java through the FFM linker
 * (io.akasha.nativecode.NativeVectorUtilSupport). The Java side checks every
 * argument (lengths, offsets, row ids) before calling: nothing here checks
 * bounds, and nothing here allocates or keeps a pointer after returning.
 *
 * One source, compiled once per instruction set (build-native.sh): the AVX-512
 * and AVX2 bodies use intrinsics; the baseline body is plain C that gcc
 * vectorizes for SSE2 (the summation order is fixed by the explicit lanes, so
 * no fast-math flag is needed). Float sums use several accumulators, which
 * changes the order of additions against the Java kernels, within the error
 * bound the equivalence tests check.
 *
 * Layouts are the Java ones: little-endian float32 or int8 rows of `dim`
 * values; row r of a matrix at `base + r * dim`.
 */
#include <stdint.h>
#include <stddef.h>

#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

#define EXPORT __attribute__((visibility("default")))

/* Rows ahead of the current one whose first lines are prefetched in gather loops. */
#define PREFETCH_AHEAD 2

static inline void prefetch_row(const void *row, int64_t bytes) {
    const char *p = (const char *) row;
    for (int64_t at = 0; at < bytes; at += 64) {
        __builtin_prefetch(p + at, 0, 3);
    }
}

/* ---------------------------------------------------------------- float32 */

#if defined(__AVX512F__)

static inline float hsum512(__m512 v) { return _mm512_reduce_add_ps(v); }

static inline float dot_f32(const float *a, const float *b, int32_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    int32_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    for (; i < n; i += 16) {
        __mmask16 m = n - i >= 16 ? (__mmask16) 0xFFFF : (__mmask16) ((1u << (n - i)) - 1);
        s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s0);
    }
    return hsum512(_mm512_add_ps(s0, s1));
}

static inline float l2_f32(const float *a, const float *b, int32_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    int32_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
        s0 = _mm512_fmadd_ps(d0, d0, s0);
        s1 = _mm512_fmadd_ps(d1, d1, s1);
    }
    for (; i < n; i += 16) {
        __mmask16 m = n - i >= 16 ? (__mmask16) 0xFFFF : (__mmask16) ((1u << (n - i)) - 1);
        __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
        s0 = _mm512_fmadd_ps(d, d, s0);
    }
    return hsum512(_mm512_add_ps(s0, s1));
}

#elif defined(__AVX2__)

static inline float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* Lanes 0..k-1 set, for the masked load of a tail of k < 8 floats. */
static inline __m256i tail_mask(int32_t k) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(k), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

static inline float dot_f32(const float *a, const float *b, int32_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    for (; i + 8 <= n; i += 8) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    }
    if (i < n) {
        __m256i m = tail_mask(n - i);
        s1 = _mm256_fmadd_ps(_mm256_maskload_ps(a + i, m), _mm256_maskload_ps(b + i, m), s1);
    }
    return hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
}

static inline float l2_f32(const float *a, const float *b, int32_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        __m256 d2 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16));
        __m256 d3 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
        s2 = _mm256_fmadd_ps(d2, d2, s2);
        s3 = _mm256_fmadd_ps(d3, d3, s3);
    }
    for (; i + 8 <= n; i += 8) {
        __m256 d = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        s0 = _mm256_fmadd_ps(d, d, s0);
    }
    if (i < n) {
        __m256i m = tail_mask(n - i);
        __m256 d = _mm256_sub_ps(_mm256_maskload_ps(a + i, m), _mm256_maskload_ps(b + i, m));
        s1 = _mm256_fmadd_ps(d, d, s1);
    }
    return hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
}

#else

/* Eight explicit lanes: gcc turns each group into two SSE multiply-adds. */
static inline float dot_f32(const float *a, const float *b, int32_t n) {
    float s[8] = {0};
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int l = 0; l < 8; l++) {
            s[l] += a[i + l] * b[i + l];
        }
    }
    for (; i < n; i++) {
        s[0] += a[i] * b[i];
    }
    return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

static inline float l2_f32(const float *a, const float *b, int32_t n) {
    float s[8] = {0};
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int l = 0; l < 8; l++) {
            float d = a[i + l] - b[i + l];
            s[l] += d * d;
        }
    }
    for (; i < n; i++) {
        float d = a[i] - b[i];
        s[0] += d * d;
    }
    return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

#endif

EXPORT float akasha_dot(const float *a, const float *b, int32_t dim) {
    return dot_f32(a, b, dim);
}

EXPORT float akasha_square_distance(const float *a, const float *b, int32_t dim) {
    return l2_f32(a, b, dim);
}

/* Cosine similarity; NaN when a norm is zero (the Java facade maps that to 0). */
EXPORT float akasha_cosine(const float *a, const float *b, int32_t dim) {
    float dot = dot_f32(a, b, dim);
    float na = dot_f32(a, a, dim);
    float nb = dot_f32(b, b, dim);
    return dot / __builtin_sqrtf(na * nb);
}

EXPORT void akasha_dot_bulk(const float *q, const float *base, int32_t dim, int32_t count, float *out) {
    for (int32_t r = 0; r < count; r++) {
        out[r] = dot_f32(q, base + (int64_t) r * dim, dim);
    }
}

EXPORT void akasha_square_distance_bulk(const float *q, const float *base, int32_t dim, int32_t count, float *out) {
    for (int32_t r = 0; r < count; r++) {
        out[r] = l2_f32(q, base + (int64_t) r * dim, dim);
    }
}

EXPORT void akasha_dot_rows(const float *q, const float *base, int32_t dim, const int32_t *rows, int32_t count,
                            float *out) {
    int64_t bytes = (int64_t) dim * 4;
    for (int32_t i = 0; i < count; i++) {
        if (i + PREFETCH_AHEAD < count) {
            prefetch_row(base + (int64_t) rows[i + PREFETCH_AHEAD] * dim, bytes);
        }
        out[i] = dot_f32(q, base + (int64_t) rows[i] * dim, dim);
    }
}

EXPORT void akasha_square_distance_rows(const float *q, const float *base, int32_t dim, const int32_t *rows,
                                        int32_t count, float *out) {
    int64_t bytes = (int64_t) dim * 4;
    for (int32_t i = 0; i < count; i++) {
        if (i + PREFETCH_AHEAD < count) {
            prefetch_row(base + (int64_t) rows[i + PREFETCH_AHEAD] * dim, bytes);
        }
        out[i] = l2_f32(q, base + (int64_t) rows[i] * dim, dim);
    }
}

/* ------------------------------------------------------------------- int8 */

static inline int32_t dot_i8(const int8_t *a, const int8_t *b, int32_t n) {
    int32_t i = 0;
    int32_t sum = 0;
#if defined(__AVX512BW__)
    __m512i acc = _mm512_setzero_si512();
    for (; i + 32 <= n; i += 32) {
        __m512i x = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *) (a + i)));
        __m512i y = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *) (b + i)));
        acc = _mm512_add_epi32(acc, _mm512_madd_epi16(x, y));
    }
    sum = _mm512_reduce_add_epi32(acc);
#elif defined(__AVX2__)
    /* Bytes widened to 16 bits, pairs multiplied and summed into 32 bits (exact: |sum of two| <= 2^15). */
    __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
    for (; i + 32 <= n; i += 32) {
        __m256i x0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *) (a + i)));
        __m256i y0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *) (b + i)));
        __m256i x1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *) (a + i + 16)));
        __m256i y1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *) (b + i + 16)));
        acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(x0, y0));
        acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(x1, y1));
    }
    for (; i + 16 <= n; i += 16) {
        __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *) (a + i)));
        __m256i y = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *) (b + i)));
        acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(x, y));
    }
    __m256i acc = _mm256_add_epi32(acc0, acc1);
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    sum = _mm_cvtsi128_si32(s);
#endif
    for (; i < n; i++) {
        sum += (int32_t) a[i] * b[i];
    }
    return sum;
}

EXPORT int32_t akasha_int8_dot(const int8_t *a, const int8_t *b, int32_t dim) {
    return dot_i8(a, b, dim);
}

EXPORT void akasha_int8_dot_rows(const int8_t *q, const int8_t *base, int32_t dim, const int32_t *rows,
                                 int32_t count, int32_t *out) {
    for (int32_t i = 0; i < count; i++) {
        if (i + PREFETCH_AHEAD < count) {
            prefetch_row(base + (int64_t) rows[i + PREFETCH_AHEAD] * dim, dim);
        }
        out[i] = dot_i8(q, base + (int64_t) rows[i] * dim, dim);
    }
}

/* ---------------------------------------------------------- PQ lookups */

/*
 * ADC scores of coded rows: row r's codes are the `subspaces` bytes at
 * codes + r * subspaces, and its score is the sum over m of
 * table[m * 256 + code[m]]. Four sums, as in the Java loop, so that the
 * table loads of neighbouring subspaces overlap.
 */
EXPORT void akasha_pq_score_rows(const float *table, const uint8_t *codes, int32_t subspaces, const int32_t *rows,
                                 int32_t count, float *out) {
    for (int32_t i = 0; i < count; i++) {
        const uint8_t *c = codes + (int64_t) rows[i] * subspaces;
        if (i + PREFETCH_AHEAD < count) {
            prefetch_row(codes + (int64_t) rows[i + PREFETCH_AHEAD] * subspaces, subspaces);
        }
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int32_t m = 0;
        for (; m + 4 <= subspaces; m += 4) {
            const float *t = table + (int64_t) m * 256;
            s0 += t[c[m]];
            s1 += t[256 + c[m + 1]];
            s2 += t[512 + c[m + 2]];
            s3 += t[768 + c[m + 3]];
        }
        for (; m < subspaces; m++) {
            s0 += table[(int64_t) m * 256 + c[m]];
        }
        out[i] = (s0 + s1) + (s2 + s3);
    }
}
