/**
 * Retention: which snapshots a set of keep rules keeps and why (a pure function of the snapshot
 * list, the rules and the protected ids), the rules file reader, and the order in which a
 * capacity limit removes snapshots.
 */
package dev.holdfast.engine.forget;
