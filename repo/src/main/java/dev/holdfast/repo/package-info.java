/**
 * The repository: creating and opening it (config, keys), its local cache, and access to its
 * content store, trees and snapshots. Sub-packages hold the formats: pack, index, tree, snapshot.
 */
package dev.holdfast.repo;
