package io.akasha.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A log record becomes one JSON line with its parameters filled in and its stack trace. */
class JsonLogFormatterTest {

    @Test
    void oneJsonObjectPerRecord() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "collection {0}: compaction failed");
        record.setParameters(new Object[] {"books"});
        record.setLoggerName("io.akasha.core.collection.Maintenance");
        record.setThrown(new IllegalStateException("disk full"));
        String line = new JsonLogFormatter().format(record);
        assertEquals(1, line.strip().lines().count(), "one line: " + line);
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = new ObjectMapper().readValue(line, Map.class);
        assertEquals("WARNING", parsed.get("level"));
        assertEquals("collection books: compaction failed", parsed.get("message"));
        assertEquals("io.akasha.core.collection.Maintenance", parsed.get("logger"));
        assertTrue(((String) parsed.get("error")).contains("IllegalStateException: disk full"), line);
    }
}
