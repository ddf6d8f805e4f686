/**
 * Traditional -> simplified characters: the mapping the filter folds with, so a word listed in
 * simplified form also matches its traditional spelling (賭博 matches 赌博). Pairs, traditional
 * first; the common characters of everyday and of abusive or illegal-trade vocabulary. A character
 * not here is matched as written: list both forms of a word when its characters are missing.
 */
const PAIRS =
  '們们 這这 個个 來来 為为 說说 時时 會会 對对 過过 後后 還还 點点 種种 經经 開开 長长 問问 關关 頭头 見见 無无 麼么 樣样 國国 現现 學学 ' +
  '發发 動动 話话 體体 當当 從从 進进 實实 業业 電电 機机 氣气 員员 買买 賣卖 東东 車车 場场 書书 門门 聽听 認认 讓让 給给 幾几 邊边 ' +
  '錢钱 價价 貨货 質质 號号 運运 單单 費费 貴贵 寶宝 購购 評评 論论 讚赞 愛爱 歡欢 難难 壞坏 舊旧 塊块 條条 張张 隻只 雙双 ' +
  '賭赌 毒毒 槍枪 彈弹 騙骗 詐诈 黃黄 淫淫 嫖嫖 娼娼 殺杀 滅灭 獨独 黨党 軍军 暴暴 亂乱 恐恐 傷伤 屍尸 嚇吓 罵骂 醜丑 蠢蠢 ' +
  '媽妈 爺爷 奶奶 腦脑 蛋蛋 賤贱 雞鸡 鴨鸭 豬猪 狗狗 驢驴 畜畜 龜龟 孫孙 爛烂 髒脏 糞粪 廢废 殘残 瘋疯 ' +
  '這这 與与 處处 務务 產产 製制 際际 標标 準准 應应 該该 嗎吗 啊啊 呢呢 纔才 隨随 雖虽 衛卫 術术 藥药 療疗 醫医 ' +
  '網网 絡络 線线 紅红 綠绿 藍蓝 顏颜 色色 襪袜 褲裤 鞋鞋 衣衣 裝装 麵面 飯饭 魚鱼 鳥鸟 馬马 龍龙 鳳凤 ' +
  '訂订 貼贴 帶带 備备 裡里 離离 歲岁 萬万 億亿 兩两 極极 頁页 飛飞 風风 氣气 溫温 熱热 冷冷 蘋苹 ' +
  '禮礼 謝谢 請请 讀读 寫写 練练 習习 憶忆 響响 聲声 樂乐 辦办 遠远 違违 規规 償偿 賠赔 損损 壓压 擊击 鬥斗 戰战 ' +
  '據据 證证 務务 帳账 戶户 碼码 銀银 鐵铁 鋼钢 鐘钟 錶表 燈灯 爐炉 廠厂 鄉乡 縣县 區区 圍围 園园 塵尘 幣币 匯汇 傳传 ' +
  '師师 級级 組组 約约 紙纸 結结 終终 續续 總总 織织 絕绝 統统 細细 純纯 驗验 險险 試试 誤误 謊谎 詞词 語语 ' +
  '觀观 覺觉 顧顾 額额 題题 願愿 類类 飽饱 餓饿 館馆 換换 揚扬 擁拥 攝摄 據据 舉举 膽胆 臉脸 腳脚 膚肤 髮发 鬍胡 ' +
  '彌弥 賽赛 獎奖 勵励 劃划 搶抢 盜盗 贓赃 販贩 賂赂 賄贿 邪邪 穢秽 慾欲 屄屄 肏肏';

export const TRADITIONAL_TO_SIMPLIFIED: ReadonlyMap<number, number> = new Map(
  PAIRS.split(/\s+/).flatMap((pair) => {
    const [from, to] = [...pair].map((c) => c.codePointAt(0) ?? 0);
    return from !== undefined && to !== undefined && from !== to ? [[from, to] as const] : [];
  }),
);
