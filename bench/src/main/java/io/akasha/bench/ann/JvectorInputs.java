package io.akasha.bench.ann;

import java.util.ArrayList;
import java.util.List;

import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

/** What both jvector workers hand jvector: the base vectors, the metric, and ids out of its results. */
final class JvectorInputs {

    static final VectorTypeSupport TYPES = VectorizationProvider.getInstance().getVectorTypeSupport();

    private JvectorInputs() {
    }

    /** The job's base vectors as jvector's random-access values. */
    static ListRandomAccessVectorValues values(JvmWorkerData data) {
        List<io.github.jbellis.jvector.vector.types.VectorFloat<?>> rows = new ArrayList<>(data.base().length);
        for (float[] row : data.base()) {
            rows.add(TYPES.createFloatVector(row));
        }
        return new ListRandomAccessVectorValues(rows, data.dim());
    }

    /** L2 jobs are Euclidean; the others (inner product, and cosine over normalized vectors) dot product. */
    static VectorSimilarityFunction similarity(AnnJob job) {
        return job.metric().equals("l2") ? VectorSimilarityFunction.EUCLIDEAN : VectorSimilarityFunction.DOT_PRODUCT;
    }

    /** The node ids of a result, best first. */
    static int[] ids(SearchResult result) {
        SearchResult.NodeScore[] nodes = result.getNodes();
        int[] ids = new int[nodes.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nodes[i].node;
        }
        return ids;
    }
}
