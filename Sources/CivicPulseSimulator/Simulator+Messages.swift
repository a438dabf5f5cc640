import Foundation

/// Writing a conversation's messages, each on its own platform's payload.
extension Simulator {
    func twitterUser(_ account: OrgAccount) -> TwitterUser {
        TwitterUser(id: account.numericID, username: account.handle, name: account.displayName)
    }

    func twitterUser(resident k: Int) -> TwitterUser {
        TwitterUser(id: residents.twitterID(k), username: residents.twitterUsername(k), name: residents.fullName(k))
    }

    /// The words of a message: the question, a nudge, an answer signed by staff, a follow-up.
    private func text(for role: Role, in conversation: Conversation) -> String {
        let topic = topics.topics[conversation.topic]
        let fill = TemplateFill(town: accounts.town, places: topic.places, first: residents.firstName(conversation.resident))
        let templates: [Template]
        switch role {
        case .question: templates = topic.questions
        case .nudge: templates = TopicCatalogue.nudges
        case .answer: templates = topic.answers
        case .followUp: templates = TopicCatalogue.followUps
        case .secondAnswer: templates = TopicCatalogue.secondAnswers
        }
        return fill.render(random.pick(templates), random: &random)
    }

    func write(_ message: ScriptedMessage, of conversation: Conversation) throws {
        let text = text(for: message.role, in: conversation)
        let account = conversation.account, k = conversation.resident, byOrg = message.role.byOrg
        switch conversation.channel {
        case .twitter:
            let org = twitterUser(account), resident = twitterUser(resident: k)
            let author = byOrg ? org : resident, addressee = byOrg ? resident : org
            // Twitter sets in_reply_to_user_id on replies, and on tweets that start with an @mention.
            let repliedToUser = message.parent == 0 || message.parentByOrg ? org.id : resident.id
            var tweet = Tweet(
                id: message.id, author: author, text: "@\(addressee.username) \(text)", conversationID: conversation.thread,
                createdAt: message.at, inReplyToUserID: byOrg ? resident.id : repliedToUser,
                repliedTo: message.parent == 0 ? nil : message.parent, retweeted: nil, mention: (addressee, 0),
                expectedKind: byOrg ? "reply" : "inbound_message"
            )
            tweet.likes = random.chance(0.8) ? 0 : random.between(1, 5)
            tweet.impressions = random.between(5, 200)
            try twitterPages.append(tweet, random: &random)
        case .facebookComment:
            let author = byOrg ? GraphAuthor(id: account.numericID, name: account.displayName)
                : GraphAuthor(id: residents.facebookID(k), name: residents.fullName(k))
            let parent = message.role == .question ? nil : conversation.thread
            let post = conversation.root!, kind = byOrg ? "reply" : "comment"
            if account.collectedByWebhook {
                try webhooks.comment(page: account, post: post, comment: message.id, parent: parent, from: author,
                                     message: text, at: message.at, kind: kind, random: &random)
            } else {
                let postedAt = recentPosts[account.configID]?.first { $0.id == post }?.at ?? message.at
                try graphComments.append(page: account, post: post, postedAt: postedAt, comment: message.id, parent: parent,
                                         from: author, message: text, at: message.at, kind: kind, random: &random)
            }
            countActivity(on: account)
        case .messenger:
            try webhooks.message(page: account, resident: residents.messengerPSID(k, page: account.numericID), fromPage: byOrg, mid: ids.messengerMID(),
                                 text: text, at: message.at, random: &random)
            countActivity(on: account)
        case .youtube:
            try writeYouTube(message, of: conversation, text: text)
        }
        conversation.pending -= 1
        if conversation.channel == .youtube, conversation.pending == 0 {
            try threads[account.platformID]!.close(thread: conversation.threadID, random: &random)
        }
    }

    private func writeYouTube(_ message: ScriptedMessage, of conversation: Conversation, text: String) throws {
        let channel = conversation.account, pages = threads[channel.platformID]!, video = conversation.video!
        let resident = YouTubeAuthor(channelID: residents.youtubeChannel(conversation.resident),
                                     displayName: residents.twitterUsername(conversation.resident))
        video.comments += 1
        if message.role == .question {
            conversation.threadID = pages.open(videoID: video.id, author: resident, text: text, at: message.at)
        } else if message.role.byOrg {
            pages.reply(thread: conversation.threadID, author: YouTubeAuthor(channelID: channel.platformID, displayName: channel.handle),
                        text: text, at: message.at, kind: "reply")
        } else {
            pages.reply(thread: conversation.threadID, author: resident, text: text, at: message.at, kind: "comment")
        }
    }

    func countActivity(on page: OrgAccount) {
        if let index = accounts.facebook.firstIndex(where: { $0.configID == page.configID }) { pageActivity[index] += 1 }
    }
}
