"""Traditional glyphs in a reading of a simplified-Chinese form, back to their simplified forms.

The forms are printed in simplified characters (GB 2312), but the recogniser's dictionary holds both
scripts, and on a degraded crop it sometimes picks the traditional twin of what is printed (有所減少
for 有所减少, 有所增強 for 有所增强; more often with the int8 recogniser). Only characters that are
traditional forms and nothing else are mapped: a character that is also a simplified character in
its own right (後, 乾, 於, 著, 麼) is left as read.
"""

from __future__ import annotations

_PAIRS = (
    "減减 強强 數数 據据 質质 實实 現现 項项 標标 績绩 產产 發发 資资 執执 預预 達达 評评 價价 單单 "
    "總总 計计 費费 務务 經经 濟济 會会 滿满 義义 貧贫 護护 設设 農农 業业 糧粮 衛卫 醫医 療疗 學学 "
    "園园 環环 節节 約约 檢检 驗验 監监 測测 補补 貼贴 額额 撥拨 轉转 結结 餘余 報报 縣县 鄉乡 鎮镇 "
    "區区 處处 員员 點点 蓋盖 與与 對对 應应 狀状 況况 廣广 東东 雲云 龍龙 關关 開开 辦办 導导 續续 "
    "屬属 歸归 門门 間间 問问 題题 進进 過过 還还 這这 個个 時时 們们 從从 來来 動动 勞劳 優优 級级 "
    "維维 養养 營营 運运 輸输 電电 網网 絡络 線线 機机 構构 體体 製制 儀仪 備备 購购 買买 賣卖 戶户 "
    "圍围 歷历 歲岁 兒儿 婦妇 雖虽 將将 並并 為为 爲为 無无 舉举 認认 識识 證证 權权 籌筹 劃划 專专 "
    "幣币 萬万 億亿 圓圆 條条 規规 範范 職职 責责 負负 擔担 險险 災灾 難难 顯显 變变 創创 傳传 統统 "
    "織织 紅红 綠绿 藍蓝 黃黄 華华 訊讯 話话 說说 讀读 課课 議议 調调 諮咨 詢询 訪访 請请 談谈 論论 "
    "試试 語语 誤误 讓让 許许 記记 該该 詳详 細细 紙纸 組组 終终 給给 絕绝 編编 練练 縮缩 繳缴 銷销 "
    "錢钱 鐵铁 銀银 鋼钢 錄录 長长 閒闲 陽阳 陰阴 陸陆 際际 隊队 階阶 隨随 雙双 離离 靈灵 響响 頁页 "
    "頂顶 順顺 須须 領领 頭头 頻频 顧顾 風风 飛飞 飲饮 飯饭 館馆 馬马 髮发 魚鱼 鳥鸟 麥麦 齊齐 齡龄 "
    "幾几 廠厂 廢废 張张 彈弹 徑径 態态 慮虑 憂忧 戰战 擁拥 擇择 擊击 擴扩 攝摄 敵敌 斷断 曉晓 書书 "
    "樹树 樣样 橋桥 檔档 歡欢 殘残 氣气 漢汉 準准 滅灭 濕湿 煙烟 熱热 燈灯 爭争 爾尔 獎奖 獨独 畢毕 "
    "畫画 當当 癥症 盡尽 盤盘 眾众 礎础 確确 禮礼 種种 稱称 穩稳 積积 窮穷 競竞 筆笔 築筑 簡简 類类 "
    "紀纪 純纯 納纳 綜综 緊紧 緣缘 繼继 罰罚 羅罗 聯联 聲声 聽听 腦脑 臨临 興兴 舊旧 艱艰 藝艺 蘇苏 "
    "號号 術术 裝装 複复 覺觉 覽览 觀观 視视 親亲 訂订 討讨 訓训 診诊 詞词 誠诚 諾诺 講讲 謝谢 貢贡 "
    "財财 貨货 貫贯 賓宾 賠赔 賬账 賽赛 贊赞 趕赶 趨趋 跡迹 踐践 車车 軌轨 軍军 載载 輔辅 輕轻 輛辆 "
    "遊游 違违 遠远 適适 選选 遺遗 邊边 郵邮 釋释 針针 鋪铺 鏈链 閱阅 陳陈 隱隐 雜杂 雞鸡 頒颁 願愿 "
    "驅驱 鹽盐 麗丽 黨党"
)
_TABLE = str.maketrans({pair[0]: pair[1] for pair in _PAIRS.split()})


def simplified(text: str) -> str:
    """`text` with every traditional-only character replaced by its simplified form."""
    return text.translate(_TABLE)
