import Foundation

/// Residents' new questions, hour by hour, and the script of each conversation.
extension Simulator {
    /// Average new questions per hour at `--scale`.
    var questionsPerHour: Double { Volume.questionsPerDay * options.scale / 24 }

    func startConversations(from hour: Millis, to hourEnd: Millis) {
        let length = Double(hourEnd - hour) / Double(Millis.hour)
        let everyday = random.poisson(questionsPerHour * ActivityCurve.weight(clock.local(hour)) * length)
        let intensity = crisis?.intensity(at: hour, clock: clock) ?? 0
        let urgent = intensity > 0 ? random.poisson(questionsPerHour * Volume.floodQuestionsFactor * intensity * length) : 0
        guard everyday + urgent > 0 else { return tally(hour, everyday: 0, urgent: 0, length: length) }
        let choices = (everyday: channelChoices(at: hour, urgent: false), urgent: channelChoices(at: hour, urgent: true))
        for index in 0..<(everyday + urgent) {
            let isUrgent = index >= everyday
            startConversation(at: hour + Millis(random.below(Int(hourEnd - hour))), urgent: isUrgent,
                              choices: isUrgent ? choices.urgent : choices.everyday)
        }
        tally(hour, everyday: everyday, urgent: urgent, length: length)
    }

    private func tally(_ hour: Millis, everyday: Int, urgent: Int, length: Double) {
        if crisis?.contains(hour) == true {
            questions.crisisQuestions += everyday + urgent
            questions.crisisHours += length
            questions.flood += urgent
        } else {
            questions.normalQuestions += everyday
            questions.normalHours += length
        }
    }

    /// A resident writes to the council at `time`; decides the whole exchange and queues it.
    private func startConversation(at time: Millis, urgent: Bool, choices: [ChannelChoice]) {
        guard !choices.isEmpty else { return }
        let choice = choices[random.weighted(choices.map(\.weight))]
        let channel = choice.channel, account = choice.account
        let candidates = urgent ? [topics.flood] : topics.topics(forService: account.service, central: account.central)
        let conversation = Conversation(channel: channel, account: account, resident: residents.pick(&random),
                                        topic: random.pick(candidates), urgent: urgent)
        switch channel {
        case .facebookComment:
            conversation.root = pickRecent(recentPosts[account.configID] ?? [], before: time, within: 7 * .day)?.id
                ?? recentPosts[account.configID]!.last!.id
        case .youtube:
            let videos = self.videos.commentable(at: time).filter { $0.channel.configID == account.configID }
            conversation.video = videos[min(videos.count - 1, Int(Double(videos.count) * pow(random.unit(), 2)))]
        case .twitter:
            if random.chance(Volume.replyToPostRate) {
                conversation.root = pickRecent(recentPosts[account.configID] ?? [], before: time, within: 3 * .day)?.id
            }
        case .messenger:
            break
        }
        schedule(script(for: conversation, askedAt: time), of: conversation)
    }

    /// Where new questions in the hour from `hour` may go, with each channel's share spread
    /// over its accounts: comments need a recent post or video to go under.
    private func channelChoices(at hour: Millis, urgent: Bool) -> [ChannelChoice] {
        var choices: [ChannelChoice] = []
        for channel in Channel.allCases {
            let candidates = accounts.accounts(on: channel.platform).filter { account in
                switch channel {
                case .facebookComment: pickRecent(recentPosts[account.configID] ?? [], before: hour, within: 7 * .day - .hour, random: false) != nil
                case .youtube: videos.commentable(at: hour).contains { $0.channel.configID == account.configID }
                default: true
                }
            }
            // Central accounts get most questions; in a flood, residents turn to them first.
            let weights = candidates.map { $0.central ? (urgent ? 8.0 : 3.0) : 1.0 }
            let total = weights.reduce(0, +)
            for (account, weight) in zip(candidates, weights) {
                choices.append(ChannelChoice(channel: channel, account: account, weight: channel.share * weight / total))
            }
        }
        return choices
    }

    /// One of the latest posts before `time` and within `window` of it, newer ones likelier.
    func pickRecent(_ posts: [OrgPost], before time: Millis, within window: Millis, random pick: Bool = true) -> OrgPost? {
        let usable = posts.filter { $0.at < time && time - $0.at <= window }
        guard !usable.isEmpty else { return nil }
        guard pick else { return usable.last }
        return usable[usable.count - 1 - min(usable.count - 1, Int(Double(usable.count) * pow(random.unit(), 2)))]
    }

    /// The times and turns of a conversation: the question, perhaps a nudge before anyone
    /// answers, the answer if there is one, perhaps a follow-up and a second answer.
    /// Messages that would fall after the simulated days are left out (not yet happened).
    private func script(for conversation: Conversation, askedAt asked: Millis) -> [(at: Millis, role: Role)] {
        let channel = conversation.channel, account = conversation.account, urgent = conversation.urgent
        var turns: [(at: Millis, role: Role)] = [(asked, .question)]
        let answer = StaffModel.answer(asked: asked, channel: channel, account: account, urgent: urgent, random: &random)
        if random.chance(Volume.nudgeRate) {
            let nudge = asked + StaffModel.nudgeDelay(&random)
            if answer.map({ nudge < $0 }) ?? true { turns.append((nudge, .nudge)) }
        }
        if let answer {
            turns.append((answer, .answer))
            if random.chance(Volume.followUpRate) {
                let followUp = answer + StaffModel.followUpDelay(&random)
                turns.append((followUp, .followUp))
                if random.chance(Volume.secondAnswerRate) {
                    turns.append((StaffModel.answerAgain(asked: followUp, channel: channel, account: account, urgent: urgent, random: &random), .secondAnswer))
                }
            }
        }
        turns.sort { $0.at < $1.at }
        return turns.filter { $0.at < endMillis }
    }

    /// Gives each turn its id and what it answers, and queues it.
    private func schedule(_ turns: [(at: Millis, role: Role)], of conversation: Conversation) {
        var lastResident: UInt64 = 0, lastOrg: UInt64 = 0
        for (at, role) in turns {
            var id: UInt64 = 0, parent: UInt64 = 0, parentByOrg = false
            switch conversation.channel {
            case .twitter:
                id = ids.tweet(at: at)
                switch role {
                case .question:
                    parent = conversation.root ?? 0
                    parentByOrg = conversation.root != nil
                    conversation.thread = conversation.root ?? id
                case .nudge, .answer, .secondAnswer:
                    parent = lastResident
                case .followUp:
                    parent = lastOrg
                    parentByOrg = true
                }
            case .facebookComment:
                id = ids.graphObject()
                if role == .question { conversation.thread = id }
            case .messenger, .youtube:
                break
            }
            if role.byOrg { lastOrg = id } else { lastResident = id }
            conversation.pending += 1
            queue.push(.message(conversation, ScriptedMessage(at: at, role: role, id: id, parent: parent, parentByOrg: parentByOrg)), at: at)
        }
    }
}

/// A channel and account a question may go to, and how likely.
struct ChannelChoice {
    let channel: Channel
    let account: OrgAccount
    let weight: Double
}
