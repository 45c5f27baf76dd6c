package io.smartleadkafkaroutes.benchmark;

/** One way of moving the poll's contacts, timed once; it writes only to topics named with {@code runPrefix}. */
interface TimedRun {

    String name();

    Measurement once(String runPrefix) throws Exception;
}
