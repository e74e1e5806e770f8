/** The content store: deduplicated put/get of blobs by id, pack assembly and upload. */
package dev.holdfast.repo.content;
