import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

/// The tile grid and the one band loop, run through `UpscalePipeline` exactly as production runs
/// them: tiled output must equal the upscaler's whole-image output.
@Suite struct TilingTests {
    /// `image` through the pipeline with a fixed tile side, as float planes. One plane is a gray
    /// source (run as R = G = B, luma kept); three are RGB.
    static func tiled(_ image: FloatImage, with upscaler: any Upscaler, tileSize: Int, threads: Int = 1,
                      cancellation: CancellationFlag? = nil) throws -> FloatImage {
        let pipeline = try UpscalePipeline(upscaler: upscaler, budget: TilingBudget(threads: threads), tileSize: tileSize)
        return try pipeline.upscaleWhole(FloatImageSource(image), cancellation: cancellation).color
    }

    @Test(arguments: [(37, 23, 5), (37, 23, 7), (31, 17, 16), (9, 40, 3), (12, 12, 64), (37, 23, 1)])
    func tiledEqualsWhole(width: Int, height: Int, tileSize: Int) throws {
        let image = noiseImage(width: width, height: height, channels: 3)
        for blurs in 0...3 {
            for threads in [1, 2] {
                let upscaler = BoxBlurUpscaler(scale: 3, blurs: blurs)
                let whole = try upscaler.upscale(image)
                let tiled = try Self.tiled(image, with: upscaler, tileSize: tileSize, threads: threads)
                #expect(tiled.width == whole.width && tiled.height == whole.height)
                #expect(maxAbsDifference(tiled, whole) <= 1e-5, "blurs \(blurs) threads \(threads)")
            }
        }
    }

    @Test(arguments: [1, 3])
    func bicubicTiledEqualsWhole(channels: Int) throws {
        let image = noiseImage(width: 29, height: 17, channels: channels)
        for scale in [2, 3, 4] {
            let bicubic = try BicubicUpscaler(scale: scale)
            let whole = try bicubic.upscale(image)
            for tile in [3, 8, 16] {
                let tiled = try Self.tiled(image, with: bicubic, tileSize: tile, threads: 2)
                #expect(maxAbsDifference(tiled, whole) <= 1e-5, "scale \(scale) tile \(tile)")
            }
        }
    }

    @Test func tooLittleContextShowsSeams() throws {
        let image = noiseImage(width: 30, height: 30, channels: 1)
        let upscaler = BoxBlurUpscaler(scale: 2, blurs: 2, claimedRadius: 1)
        let tiled = try Self.tiled(image, with: upscaler, tileSize: 8)
        #expect(maxAbsDifference(tiled, try upscaler.upscale(image)) > 1e-3)
    }

    @Test func gridCoversEveryPixelOnce() {
        let grid = TileGrid(width: 23, height: 11, tileSize: 4, contextRadius: 2)
        var covered = [Int](repeating: 0, count: 23 * 11)
        for band in 0..<grid.bandCount {
            for tile in grid.tiles(inBand: band) {
                #expect(tile.padded.x >= 0 && tile.padded.maxX <= 23 && tile.padded.y >= 0 && tile.padded.maxY <= 11)
                for y in tile.core.y..<tile.core.maxY { for x in tile.core.x..<tile.core.maxX { covered[y * 23 + x] += 1 } }
            }
        }
        #expect(covered.allSatisfy { $0 == 1 })
    }

    @Test func cancellationStopsBetweenTiles() {
        let image = noiseImage(width: 20, height: 20, channels: 3)
        let flag = CancellationFlag()
        flag.cancel()
        #expect(throws: RSRError.self) {
            try Self.tiled(image, with: BoxBlurUpscaler(scale: 2, blurs: 0), tileSize: 4, cancellation: flag)
        }
    }

    /// A wrong-shaped tile would be copied out of bounds; it must be an error instead.
    @Test func anUpscalerReturningTheWrongShapeIsAnError() {
        struct OnePlane: Upscaler {
            var scale: Int { 2 }
            var contextRadius: Int { 0 }
            var workingBytesPerInputPixel: Int { 0 }
            var usesAllCores: Bool { false }
            var resizesInOneStep: Bool { false }
            func upscale(_ image: FloatImage) throws -> FloatImage {
                FloatImage(width: image.width * 2, height: image.height * 2, channels: 1)
            }
        }
        #expect(throws: RSRError.self) { try Self.tiled(noiseImage(width: 9, height: 7, channels: 3), with: OnePlane(), tileSize: 4) }
    }

    @Test func budgetPicksLargerTilesForMoreMemory() {
        let small = TilingBudget(bytes: 64 << 20).tileSize(width: 4096, height: 4096, channels: 3, scale: 4,
                                                            contextRadius: 8, workingBytesPerInputPixel: 256)
        let large = TilingBudget(bytes: 1 << 30).tileSize(width: 4096, height: 4096, channels: 3, scale: 4,
                                                           contextRadius: 8, workingBytesPerInputPixel: 256)
        #expect(small >= TilingBudget.granularity && small < large)
        #expect(TilingBudget(bytes: 1 << 30).tileSize(width: 40, height: 30, channels: 3, scale: 2,
                                                      contextRadius: 2, workingBytesPerInputPixel: 0) == 40)
        let budget = TilingBudget(bytes: 64 << 20)
        #expect(budget.workingSet(tile: small, width: 4096, channels: 3, scale: 4, contextRadius: 8,
                                  workingBytesPerInputPixel: 256, outputBytesPerSample: 2) <= 64 << 20)
    }

    /// Tiles grow until their margins cost at most 5% more work, within 256...1024.
    @Test(arguments: [0, 2, 8, 12, 19, 40])
    func largestUsefulTileBoundsTheMarginCost(radius: Int) {
        let tile = TilingBudget.largestUsefulTile(contextRadius: radius)
        #expect(tile % TilingBudget.granularity == 0 && (256...1024).contains(tile))
        let overhead = { (t: Int) in Double((t + 2 * radius) * (t + 2 * radius)) / Double(t * t) }
        if tile < 1024 { #expect(overhead(tile) <= 1.05) }
        if tile > 256 { #expect(overhead(tile - TilingBudget.granularity) > 1.05) }
    }
}
