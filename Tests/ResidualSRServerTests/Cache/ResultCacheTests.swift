import Testing
@testable import ResidualSRServer

@Suite struct ResultCacheTests {
    private func image(_ size: Int, _ fill: UInt8 = 0) -> EncodedImage {
        EncodedImage(bytes: [UInt8](repeating: fill, count: size), contentType: "image/png")
    }

    @Test func evictsLeastRecentlyUsedByBytes() {
        let cache = ResultCache(capacityBytes: 100)
        cache.insert(image(40, 1), forKey: "a")
        cache.insert(image(40, 2), forKey: "b")
        #expect(cache.value(forKey: "a")?.bytes.first == 1)  // a is now more recent than b
        cache.insert(image(40, 3), forKey: "c")
        #expect(cache.value(forKey: "b") == nil)
        #expect(cache.value(forKey: "a") != nil)
        #expect(cache.value(forKey: "c") != nil)
        #expect(cache.totalBytes == 80)
    }

    @Test func refusesEntriesLargerThanTheCache() {
        let cache = ResultCache(capacityBytes: 10)
        cache.insert(image(11), forKey: "big")
        #expect(cache.count == 0)
    }

    // The key starts with the SHA-256 of the input (FIPS 180-4 example vector "abc").
    @Test func keyStartsWithTheInputsSHA256() {
        let key = ResultCache.key(input: Array("abc".utf8), operation: .upscale,
                                  options: UpscaleRequestOptions(scale: 2, modelID: "m"))
        #expect(key.hasPrefix("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad:"))
    }

    @Test func keyDependsOnInputOperationAndOptions() {
        let options = UpscaleRequestOptions(scale: 2, modelID: "m")
        let base = ResultCache.key(input: [1, 2, 3], operation: .upscale, options: options)
        #expect(base == ResultCache.key(input: [1, 2, 3], operation: .upscale, options: options))
        #expect(base != ResultCache.key(input: [1, 2, 4], operation: .upscale, options: options))
        #expect(base != ResultCache.key(input: [1, 2, 3], operation: .residual, options: options))
        #expect(base != ResultCache.key(input: [1, 2, 3], operation: .upscale, options: .init(scale: 3, modelID: "m")))
        #expect(base != ResultCache.key(input: [1, 2, 3], operation: .upscale, options: .init(scale: 2, modelID: "n")))
        #expect(base != ResultCache.key(input: [1, 2, 3], operation: .upscale, options: .init(scale: 2, format: .jpeg, modelID: "m")))
    }
}
