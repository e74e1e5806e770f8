/**
 * Robustness tests of the CLI against a real repository: SIGKILL during backup, damaged packs,
 * index and snapshot files, a full disk, concurrent backups and a deleted cache. Helpers here
 * build seeded source trees ({@link dev.holdfast.cli.robust.Trees}), compare trees byte for byte
 * ({@link dev.holdfast.cli.robust.TreeState}) and look inside a repository
 * ({@link dev.holdfast.cli.robust.RepoProbe}).
 */
package dev.holdfast.cli.robust;
