import ResidualSRImage
import Testing
@testable import ResidualSRServer

@Suite struct AcceptedFormatTests {
    @Test(arguments: [
        (nil, Image.Format.png), ("", .png), ("*/*", .png), ("image/*", .png),
        ("image/webp", .webp), ("image/avif,image/webp;q=0.9", .avif), ("image/avif;q=0.5, image/webp;q=0.9", .webp),
        ("image/tiff, */*;q=0.1", .tiff), ("IMAGE/JPEG", .jpeg),
        // A specific range beats a wildcard at the same q; a zero q excludes.
        ("image/*;q=0.8, image/jpeg;q=0.8", .jpeg), ("image/png;q=0, image/*", .jpeg),
        // A browser's <img> header: AVIF and WebP tie (q 1, exact), the server order picks WebP.
        ("image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", .webp),
        ("text/html, image/webp;q=abc, image/jpeg;q=0.2", .jpeg), // a malformed q drops only its entry
    ] as [(String?, Image.Format)])
    func chooses(header: String?, expected: Image.Format) {
        #expect(AcceptedFormat.choose(header) == expected, "\(header ?? "nil")")
    }

    @Test(arguments: ["text/html", "image/*;q=0", "application/json, text/plain", "image/gif", "*/*;q=0", "image/webp;q=2"])
    func nothingAcceptable(header: String) {
        #expect(AcceptedFormat.choose(header) == nil, "\(header)")
    }
}
