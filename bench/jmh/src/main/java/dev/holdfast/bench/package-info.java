/**
 * JMH micro-benchmarks of the core components. Every score is in MiB of input per second: each
 * benchmark method declares, through {@code @OperationsPerInvocation}, how many MiB one call
 * processes. {@code bench/jmh.sh} builds, runs and converts the scores to MB/s.
 */
package dev.holdfast.bench;
