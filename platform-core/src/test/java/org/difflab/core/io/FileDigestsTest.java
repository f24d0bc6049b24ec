package org.difflab.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digests of the files and folders a run reads: content decides, time stamps do not; each version is read once. */
class FileDigestsTest {

    @TempDir
    Path dir;

    @Test
    void aFilesDigestIsTheSha256OfItsBytesReadOncePerVersion() throws Exception {
        Path file = Files.write(dir.resolve("z.bin"), new byte[100_000]);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[100_000]));
        long before = FileDigests.bytesHashed();
        assertThat(FileDigests.sha256(file)).isEqualTo(expected);
        assertThat(FileDigests.sha256(file)).isEqualTo(expected);
        assertThat(FileDigests.bytesHashed() - before).as("read once, then cached").isEqualTo(100_000);

        byte[] changed = new byte[100_000];
        changed[50_000] = 1;   // same size, other content, rewritten in place
        Files.write(file, changed);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertThat(FileDigests.sha256(file)).isNotEqualTo(expected);
        assertThat(FileDigests.bytesHashed() - before).isEqualTo(200_000);
    }

    @Test
    void aFoldersDigestFollowsItsFilesNamesAndContentsButNotTheirTimeStamps() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images/sub"));
        Files.writeString(dir.resolve("images/a.png"), "a");
        Files.writeString(images.resolve("b.png"), "b");
        String original = FileDigests.sha256(dir.resolve("images"));

        Files.setLastModifiedTime(dir.resolve("images/a.png"), FileTime.fromMillis(0));   // touched only
        assertThat(FileDigests.sha256(dir.resolve("images"))).isEqualTo(original);

        Files.writeString(images.resolve("b.png"), "B");                                 // a file's content
        String edited = FileDigests.sha256(dir.resolve("images"));
        assertThat(edited).isNotEqualTo(original);

        Files.move(images.resolve("b.png"), images.resolve("c.png"));                    // a file's name
        String renamed = FileDigests.sha256(dir.resolve("images"));
        assertThat(renamed).isNotIn(original, edited);

        Files.writeString(dir.resolve("images/empty.png"), "");                          // one file more
        assertThat(FileDigests.sha256(dir.resolve("images"))).isNotIn(original, edited, renamed);
    }
}
