/** Finding snapshots: filters by host, tag and path, and resolution of ids, prefixes and "latest". */
package dev.holdfast.engine.snapshots;
