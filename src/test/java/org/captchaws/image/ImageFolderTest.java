package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFolderTest {

    private static final String NAME = "0123456789abcdef0123456789abcdef.png";
    private static final byte[] BYTES = {1, 2, 3, 4};

    @TempDir
    Path temp;

    @Test
    void writesTheBytesUnderTheName() throws IOException {
        Path written = new ImageFolder(temp).write(NAME, BYTES);

        assertEquals(temp.resolve(NAME), written);
        assertArrayEquals(BYTES, Files.readAllBytes(written));
    }

    @Test
    void createsAMissingFolder() throws IOException {
        Path dir = temp.resolve("a").resolve("images");
        ImageFolder folder = new ImageFolder(dir);

        folder.write(NAME, BYTES);

        assertEquals(dir, folder.dir());
        assertArrayEquals(BYTES, Files.readAllBytes(dir.resolve(NAME)));
    }

    @Test
    void leavesOnlyTheImage() throws IOException {
        new ImageFolder(temp).write(NAME, BYTES);

        assertEquals(List.of(NAME), fileNames(temp));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.png", "", "x.png", "0123456789ABCDEF0123456789abcdef.png",
            "0123456789abcdef0123456789abcdef.PNG", "0123456789abcdef0123456789abcdef.png/",
            "../0123456789abcdef0123456789abcde.png", "/tmp/0123456789abcdef0123456789abcdef.png",
            ".0123456789abcdef0123456789abcdef.png.tmp", "0123456789abcdef0123456789abcdef0.png"})
    void rejectsNamesThatAreNotCaptchaNames(String name) throws IOException {
        ImageFolder folder = new ImageFolder(temp.resolve("images"));

        assertThrows(IllegalArgumentException.class, () -> folder.write(name, BYTES));
        assertEquals(List.of(), fileNames(temp));
    }

    @Test
    void failsWhenTheFolderCannotBeCreated() throws IOException {
        Path file = Files.write(temp.resolve("file"), BYTES);
        ImageFolder folder = new ImageFolder(file.resolve("images"));

        assertThrows(IOException.class, () -> folder.write(NAME, BYTES));
        assertEquals(List.of("file"), fileNames(temp));
        assertArrayEquals(BYTES, Files.readAllBytes(file));
    }

    @Test
    void removesTheTemporaryFileWhenTheRenameFails() throws IOException {
        // A non-empty folder in the way makes the rename fail after the temporary file was written.
        Files.createDirectories(temp.resolve(NAME).resolve("inside"));

        assertThrows(IOException.class, () -> new ImageFolder(temp).write(NAME, BYTES));
        assertEquals(List.of(NAME), fileNames(temp));
    }

    @Test
    void aWritableFolderPassesTheCheckAndKeepsNoFile() throws IOException {
        Path dir = temp.resolve("images");

        new ImageFolder(dir).checkWritable();

        assertEquals(List.of(), fileNames(dir), "created, and left empty");
    }

    @Test
    void aFolderThatCannotBeCreatedFailsTheCheck() throws IOException {
        Path file = Files.write(temp.resolve("file"), BYTES);

        assertThrows(IOException.class, () -> new ImageFolder(file.resolve("images")).checkWritable());
    }

    @Test
    void aFileInPlaceOfTheFolderFailsTheCheck() throws IOException {
        Path file = Files.write(temp.resolve("images"), BYTES);

        assertThrows(IOException.class, () -> new ImageFolder(file).checkWritable());
    }

    @Test
    void countsTheImagesAlone() throws IOException {
        ImageFolder folder = new ImageFolder(temp);
        folder.write(NAME, BYTES);
        folder.write("fedcba9876543210fedcba9876543210.png", BYTES);
        Files.write(temp.resolve(".0123456789abcdef0123456789abcdee.png.tmp"), BYTES);
        Files.write(temp.resolve("notes.txt"), BYTES);

        assertEquals(2, folder.count());
    }

    @Test
    void aMissingFolderHoldsNoImages() throws IOException {
        assertEquals(0, new ImageFolder(temp.resolve("missing")).count());
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
