// swift-tools-version:6.0
// libFuzzer harnesses for the Swift side of decoding (header parse, pixel limit, Exif orientation,
// ICC, colour conversion) and for the safetensors model loader. A package of its own, so that the
// product package stays free of fuzzing flags: `make fuzz` builds it with -sanitize=fuzzer,address.
import PackageDescription

let package = Package(
    name: "ResidualSRFuzz",
    dependencies: [.package(name: "ResidualSR", path: "../..")],
    targets: [
        // LLVMFuzzerRunDriver behind `runFuzzer`, once for both harnesses.
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzImageDecode",
                          dependencies: ["FuzzDriver", .product(name: "ResidualSR", package: "ResidualSR")]),
        .executableTarget(name: "FuzzSafeTensors",
                          dependencies: ["FuzzDriver", .product(name: "ResidualSR", package: "ResidualSR")]),
    ]
)
