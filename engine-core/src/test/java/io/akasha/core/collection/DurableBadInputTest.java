package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;

/** Every bad-input case of {@link BadInputTest} again, on the durable path (a data directory with logs). */
class DurableBadInputTest extends BadInputTest {

    @TempDir
    Path dir;

    @Override
    Akasha engine(AkashaOptions options) {
        return Akasha.open(dir, options);
    }

    @Test
    void rejectedChangesLeaveNothingInTheLog() {
        List<String> before = contents();
        insertsThatBreakTheSchemaChangeNothing();
        badDeletesChangeNothing();
        akasha.close();
        akasha = engine(AkashaOptions.defaults().withSegmentRows(8));
        docs = akasha.collection("docs");
        assertEquals(before, contents(), "reopening replays exactly the accepted writes");
    }
}
