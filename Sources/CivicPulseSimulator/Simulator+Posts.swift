import CivicPulseCore
import Foundation

/// The council's own posts, tweets and videos, retweets of them, and listening chatter.
extension Simulator {
    /// Plans a day's posts: office-hours posts on weekdays (fewer at weekends), and during the
    /// flood, updates round the clock on the central accounts.
    func scheduleDay(_ day: CivilDate, from dayStart: Millis, to dayEnd: Millis) {
        let weekend = day.isoWeekday >= 6
        for account in accounts.twitter + accounts.facebook + accounts.youtube {
            let mean = Volume.postsPerDay(platform: account.platform, central: account.central) * options.scale * (weekend ? 0.3 : 1)
            let candidates = topics.topics(forService: account.service, central: account.central)
            for _ in 0..<random.poisson(mean) {
                let at = dayStart + 8 * .hour + Millis(random.below(Int(10 * Millis.hour)))
                schedulePost(account: account, topic: random.pick(candidates), at: at)
            }
            guard let crisis, account.central, account.platform != .youtube else { continue }
            var hour = dayStart
            while hour < dayEnd {
                if crisis.contains(hour), random.chance(min(0.9, 0.35 * crisis.intensity(at: hour, clock: clock))) {
                    schedulePost(account: account, topic: topics.flood, at: hour + Millis(random.below(Int(Millis.hour))))
                }
                hour += .hour
            }
        }
    }

    /// What the accounts had published before the first day: residents comment under last
    /// week's Facebook posts and last month's videos too. These are not written (they fall
    /// before the simulated days) but the comments under them are.
    func rememberEarlierPosts() {
        for account in accounts.facebook {
            for daysBefore in [3, 1] {
                let at = startMillis - Millis(daysBefore) * .day + 10 * .hour + Millis(random.below(Int(6 * Millis.hour)))
                recentPosts[account.configID, default: []].append(OrgPost(account: account, id: ids.graphObject(), topic: topics.general, at: at))
            }
        }
        for channel in accounts.youtube {
            for daysBefore in [24, 12, 4] {
                let at = startMillis - Millis(daysBefore) * .day + 11 * .hour + Millis(random.below(Int(5 * Millis.hour)))
                let topic = topics.topics[random.pick(topics.topics(forService: channel.service, central: channel.central))]
                let text = TemplateFill(town: accounts.town, places: topic.places, first: "").render(random.pick(topic.posts), random: &random)
                _ = videos.publish(channel: channel, title: Self.videoTitle(text), description: text, at: at)
            }
        }
    }

    static func videoTitle(_ text: String) -> String {
        text.count > 70 ? String(text.prefix(67)) + "..." : text
    }

    private func schedulePost(account: OrgAccount, topic: Int, at: Millis) {
        let id: UInt64
        switch account.platform {
        case .twitter: id = ids.tweet(at: at)
        case .facebook: id = ids.graphObject()
        case .youtube: id = 0
        }
        queue.push(.post(OrgPost(account: account, id: id, topic: topic, at: at)), at: at)
    }

    private func postText(_ post: OrgPost) -> String {
        let topic = topics.topics[post.topic]
        return TemplateFill(town: accounts.town, places: topic.places, first: "").render(random.pick(topic.posts), random: &random)
    }

    func write(_ post: OrgPost) throws {
        let text = postText(post)
        let account = post.account
        switch account.platform {
        case .twitter:
            var tweet = Tweet(id: post.id, author: twitterUser(account), text: text, conversationID: post.id, createdAt: post.at,
                              inReplyToUserID: nil, repliedTo: nil, retweeted: nil, mention: nil, expectedKind: "post")
            let flood = post.topic == topics.flood
            tweet.likes = random.between(0, 40) * (flood ? 5 : 1)
            tweet.impressions = random.between(300, 3000) * (flood ? 10 : 1)
            tweet.retweets = random.poisson(Volume.retweetsPerPost * (flood ? 4 : 1))
            try twitterPages.append(tweet, random: &random)
            scheduleRetweets(of: post, text: text, count: tweet.retweets)
        case .facebook:
            if account.collectedByWebhook {
                try webhooks.post(page: account, post: post.id, message: text, at: post.at, random: &random)
            } else {
                try graphPosts.append(page: account, post: post.id, message: text, at: post.at)
            }
            if let index = accounts.facebook.firstIndex(where: { $0.configID == account.configID }) { pagePosts[index] += 1 }
        case .youtube:
            _ = videos.publish(channel: account, title: Self.videoTitle(text), description: text, at: post.at)
        }
        recentPosts[account.configID, default: []].append(post)
        if recentPosts[account.configID]!.count > 10 { recentPosts[account.configID]!.removeFirst() }
    }

    /// Residents share a council tweet over the following hours; a central tweet is sometimes
    /// shared by one of the service accounts too.
    private func scheduleRetweets(of post: OrgPost, text: String, count: Int) {
        var sharers: [(resident: Int?, account: OrgAccount?)] = (0..<count).map { _ in (residents.pick(&random), nil) }
        let services = accounts.twitter.filter { !$0.central }
        if post.account.central, !services.isEmpty, random.chance(0.25) {
            sharers.append((nil, random.pick(services)))
        }
        for sharer in sharers {
            let at = post.at + Millis(min(random.logNormal(median: 40 * 60, sigma: 1.5), 3 * 86_400) * 1000)
            guard at < endMillis else { continue }
            queue.push(.retweet(Retweet(at: at, id: ids.tweet(at: at), original: post.id, originalAuthor: post.account,
                                        originalText: text, resident: sharer.resident, byAccount: sharer.account)), at: at)
        }
    }

    func write(_ retweet: Retweet) throws {
        let author = retweet.byAccount.map(twitterUser) ?? twitterUser(resident: retweet.resident!)
        let original = twitterUser(retweet.originalAuthor)
        var text = "RT @\(original.username): \(retweet.originalText)"
        if text.count > 280 { text = String(text.prefix(279)) + "…" }
        let tweet = Tweet(id: retweet.id, author: author, text: text, conversationID: retweet.id, createdAt: retweet.at,
                          inReplyToUserID: nil, repliedTo: nil, retweeted: retweet.original, mention: (original, 3), expectedKind: "share")
        try twitterPages.append(tweet, random: &random)
    }

    /// Listening hits in an hour: everyday talk about the place, and in the flood a great deal more.
    func writeChatter(from hour: Millis, to hourEnd: Millis) throws {
        let length = Double(hourEnd - hour) / Double(Millis.hour)
        let perHour = Volume.chatterPerDay * options.scale / 24
        let everyday = perHour * ActivityCurve.weight(clock.local(hour)) * length
        let flood = perHour * Volume.floodChatterFactor * (crisis?.intensity(at: hour, clock: clock) ?? 0) * length
        let count = random.poisson(everyday + flood)
        guard count > 0 else { return }
        let times = (0..<count).map { _ in hour + Millis(random.below(Int(hourEnd - hour))) }.sorted()
        let everydayTopics = topics.topics(forService: "", central: true)
        let platformWeights = ListeningLog.platforms.map(\.share)
        for time in times {
            let topic = topics.topics[random.chance(flood / (everyday + flood)) ? topics.flood : random.pick(everydayTopics)]
            let platform = ListeningLog.platforms[random.weighted(platformWeights)].name
            let fill = TemplateFill(town: accounts.town, places: topic.places, first: "")
            try listening.mention(platform: platform, author: residents.listeningAuthor(residents.pick(&random), platform: platform),
                                  text: fill.render(random.pick(topic.chatter), random: &random), at: time, random: &random)
        }
    }
}
