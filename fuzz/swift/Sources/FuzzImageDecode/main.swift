import ResidualSRCore
import ResidualSRImage

/// The whole Swift decode path on arbitrary bytes: header (format sniffing, Exif orientation, ICC
/// reassembly, pixel limit), full decode with orientation applied, conversion to float planes, and a
/// PNG re-encode of what came out. Any input may fail, but only by throwing.
func fuzzImageDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = DecodeLimits(maxPixels: 1_000_000)
    guard let header = try? Image.header(data: bytes, limits: limits) else { return 0 }
    guard let image = try? Image.decode(data: bytes, limits: limits) else { return 0 }
    precondition(image.width == header.width && image.height == header.height, "decode disagrees with header")
    let planes = image.floatPlanes()
    precondition(planes.color.width == image.width, "conversion changed the size")
    _ = try? image.encode(format: .png)
    return 0
}

runFuzzer(fuzzImageDecode)
