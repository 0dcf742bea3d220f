// swift-tools-version:6.0
import PackageDescription

// MARK: - Platform flags

// The GEMM micro-kernels are SIMD8<Float> + addProduct; without AVX2/FMA enabled they compile to
// scalar code that runs ~100x slower, so x86_64 builds target Haswell-class CPUs (2013+).
#if arch(x86_64)
let simdFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-target-cpu", "haswell"])]
let simdCFlags: [CSetting] = [.unsafeFlags(["-mavx2", "-mfma"])]
#else
let simdFlags: [SwiftSetting] = []
let simdCFlags: [CSetting] = []
#endif

// MARK: - Package

let package = Package(
    name: "ResidualSR",
    platforms: [.macOS(.v14)],
    products: [
        .library(
            name: "ResidualSR",
            targets: ["ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "ResidualSRTraining", "ResidualSRBatch"]),
        .executable(name: "rsr", targets: ["rsr"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // HTTP server (`rsr serve`) only; the library stays dependency-free.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // SHA-256 of uploads for the result cache's keys. Already built for the tests (via the HTTP client).
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        // MARK: C shims
        .target(
            name: "CImageCodecs",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [
                .linkedLibrary("png"), .linkedLibrary("jpeg"), .linkedLibrary("webp"), .linkedLibrary("webpmux"),
                .linkedLibrary("webpdemux"), .linkedLibrary("tiff"), .linkedLibrary("avif"),
            ]
        ),
        // Winograd convolution kernels: AVX2 baseline, AVX-512 functions chosen at run time.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3"])] + simdCFlags
        ),
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),

        // MARK: Library, in layers; each target depends only on the ones above it (docs/architecture.md).
        // Tensors, ops, model files, metrics and the helpers every layer shares.
        .target(
            name: "ResidualSRCore",
            dependencies: ["CKernels", "COpenBLAS"],
            swiftSettings: simdFlags
        ),
        // Image codecs over the C shim.
        .target(
            name: "ResidualSRImage",
            dependencies: ["ResidualSRCore", "CImageCodecs"],
            swiftSettings: simdFlags
        ),
        // Upscalers, tiling, the streaming pipeline, the model registry.
        .target(
            name: "ResidualSRInference",
            dependencies: ["ResidualSRCore", "ResidualSRImage"],
            swiftSettings: simdFlags
        ),
        .target(
            name: "ResidualSRTraining",
            dependencies: ["ResidualSRCore", "ResidualSRImage", "ResidualSRInference"],
            swiftSettings: simdFlags
        ),
        // Folder runs, reports, residual figures, the speed benchmark.
        .target(
            name: "ResidualSRBatch",
            dependencies: ["ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "ResidualSRTraining"],
            swiftSettings: simdFlags
        ),

        // MARK: HTTP server
        .target(
            name: "ResidualSRServer",
            dependencies: [
                "ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "ResidualSRBatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: simdFlags
        ),

        // MARK: Command-line tool
        .executableTarget(
            name: "rsr",
            dependencies: [
                "ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "ResidualSRTraining", "ResidualSRBatch",
                "ResidualSRServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: simdFlags
        ),

        // MARK: Tests
        // Encoders for files the product never writes (every PNG variant, CMYK and many-scan JPEGs).
        .target(
            name: "CImageTestSupport",
            dependencies: ["CImageCodecs"],
            path: "Tests/CImageTestSupport",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("png"), .linkedLibrary("jpeg"), .linkedLibrary("tiff")]
        ),
        // Helpers the library's test targets share (test images, temporary folders, a stand-in upscaler,
        // approximate comparison); public API only, so `swift build` without testing still builds it.
        .target(
            name: "ResidualSRTestSupport",
            dependencies: ["ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "CImageCodecs", "CImageTestSupport"],
            path: "Tests/ResidualSRTestSupport",
            swiftSettings: simdFlags
        ),
        // One test target per library layer, each importing only its layer and the ones below it.
        .testTarget(
            name: "ResidualSRCoreTests",
            dependencies: ["ResidualSRCore", "ResidualSRTestSupport"],
            swiftSettings: simdFlags
        ),
        .testTarget(
            name: "ResidualSRImageTests",
            dependencies: ["ResidualSRCore", "ResidualSRImage", "CImageCodecs", "CImageTestSupport", "ResidualSRTestSupport"],
            swiftSettings: simdFlags
        ),
        .testTarget(
            name: "ResidualSRInferenceTests",
            dependencies: ["ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "ResidualSRTestSupport"],
            swiftSettings: simdFlags
        ),
        .testTarget(
            name: "ResidualSRTrainingTests",
            dependencies: ["ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "ResidualSRTraining",
                           "ResidualSRTestSupport"],
            swiftSettings: simdFlags
        ),
        .testTarget(
            name: "ResidualSRBatchTests",
            dependencies: ["ResidualSRCore", "ResidualSRImage", "ResidualSRInference", "ResidualSRTraining",
                           "ResidualSRBatch", "ResidualSRTestSupport"],
            swiftSettings: simdFlags
        ),
        .testTarget(
            name: "ResidualSRServerTests",
            dependencies: [
                "ResidualSRServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: simdFlags
        ),
    ]
)
