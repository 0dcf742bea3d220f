import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch

@Suite struct TilingTests {
    @Test(arguments: [(37, 23, 5), (37, 23, 7), (31, 17, 16), (9, 40, 3), (12, 12, 64), (37, 23, 1)])
    func tiledEqualsWhole(width: Int, height: Int, tileSize: Int) throws {
        let image = noiseImage(width: width, height: height, channels: 3)
        for blurs in 0...3 {
            for threads in [1, 2] {
                let upscaler = BoxBlurUpscaler(scale: 3, blurs: blurs)
                let whole = try upscaler.upscale(image)
                let grid = TileGrid(width: width, height: height, tileSize: tileSize, contextRadius: upscaler.contextRadius)
                let tiled = try TiledUpscaler(upscaler: upscaler, threads: threads, grid: grid).upscaleWhole(image)
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
                let grid = TileGrid(width: 29, height: 17, tileSize: tile, contextRadius: bicubic.contextRadius)
                let tiled = try TiledUpscaler(upscaler: bicubic, threads: 2, grid: grid).upscaleWhole(image)
                #expect(maxAbsDifference(tiled, whole) <= 1e-5, "scale \(scale) tile \(tile)")
            }
        }
    }

    @Test func tooLittleContextShowsSeams() throws {
        let image = noiseImage(width: 30, height: 30, channels: 1)
        let upscaler = BoxBlurUpscaler(scale: 2, blurs: 2, claimedRadius: 1)
        let grid = TileGrid(width: 30, height: 30, tileSize: 8, contextRadius: upscaler.contextRadius)
        let tiled = try TiledUpscaler(upscaler: upscaler, grid: grid).upscaleWhole(image)
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
        let grid = TileGrid(width: 20, height: 20, tileSize: 4, contextRadius: 0)
        #expect(throws: RSRError.self) {
            try TiledUpscaler(upscaler: BoxBlurUpscaler(scale: 2, blurs: 0), grid: grid).upscaleWhole(image, cancellation: flag)
        }
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
}
